package io.chaosplane.controlplane.run;

import java.util.List;

/**
 * Published after the commit when a run ends with faults whose agents will not close their log streams: faults paused
 * (their agents leave the stream open for the resume) or never started when the run was aborted. Whoever keeps the
 * streams closes them, so that their tails end.
 */
public record FaultStreamsEnded(String accountId, List<String> streamIds) {}
