package io.chaosplane.protocol.linux;

import java.util.List;

/**
 * The limits a task was planned under (an addition to the seed's task): what its project's policies allowed when the
 * run started. The agent checks the task against them again before it injects anything, so that a task a server-side
 * check let through by mistake, or one forged or replayed, cannot do more than the policies allow. A member that is
 * {@code null} sets no limit (no policy set one).
 *
 * @param maxDurationSeconds the longest a fault may last (the shortest {@code maxDuration} rule)
 * @param allowedFaults the fault types the infrastructure's environment allows (every known type no
 *     {@code denyFaults} rule denies there); {@code null} when no such rule applies
 * @param maxConcurrentFaults the most faults the agent may hold at once, this one included (the smallest
 *     {@code maxBlastRadius.maxFaultsPerInfrastructure})
 */
public record TaskLimits(Long maxDurationSeconds, List<String> allowedFaults, Integer maxConcurrentFaults) {

    /** No limit at all. */
    public static final TaskLimits NONE = new TaskLimits(null, null, null);

    public TaskLimits {
        allowedFaults = allowedFaults == null ? null : List.copyOf(allowedFaults);
    }

    public boolean setsNone() {
        return maxDurationSeconds == null && allowedFaults == null && maxConcurrentFaults == null;
    }
}
