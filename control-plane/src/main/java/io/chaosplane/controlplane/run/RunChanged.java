package io.chaosplane.controlplane.run;

import java.time.Instant;
import java.util.UUID;

/** Published after the commit of every change of a run's phase, for live updates. */
public record RunChanged(
        String accountId,
        String organization,
        String project,
        UUID runId,
        UUID experimentId,
        String experimentName,
        String namespace,
        RunPhase phase,
        Instant timestamp) {}
