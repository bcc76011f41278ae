package io.chaosplane.protocol.linux;

import java.util.List;

/**
 * The outcome of a task. {@code probeSuccessPercentage} is a string holding a number 0-100, as in the seed;
 * {@code errorOutput} is present when something went wrong.
 */
public record TaskResult(
        TaskStatus taskStatus,
        Verdict verdict,
        ErrorOutput errorOutput,
        String probeSuccessPercentage,
        List<ProbeStatus> probeStatuses) {}
