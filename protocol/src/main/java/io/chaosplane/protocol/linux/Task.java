package io.chaosplane.protocol.linux;

/**
 * One task: one fault of one run, with its probes.
 *
 * <p>{@code leaseSeconds}, {@code logServiceURL}, {@code logToken} and {@code limits} are additions to the seed (see
 * docs/agent-protocol.md): how long the control plane waits for the result, where the task's log lines go, and the
 * limits its policies set when it was planned ({@link TaskLimits}), which the agent checks again.
 */
public record Task(
        String taskName,
        TaskAction action,
        String lceUID,
        String streamID,
        String accountID,
        Long leaseSeconds,
        String logServiceURL,
        String logToken,
        TaskLimits limits) {

    /** A task without limits, as the seed knows it. */
    public Task(
            String taskName,
            TaskAction action,
            String lceUID,
            String streamID,
            String accountID,
            Long leaseSeconds,
            String logServiceURL,
            String logToken) {
        this(taskName, action, lceUID, streamID, accountID, leaseSeconds, logServiceURL, logToken, null);
    }

    /** The limits it was planned under, never {@code null} ({@link TaskLimits#NONE} when it carries none). */
    public TaskLimits plannedLimits() {
        return limits == null ? TaskLimits.NONE : limits;
    }

    /** The fault to run, never {@code null} for a well-formed task. */
    public ChaosSpec chaos() {
        return action == null ? null : action.chaos();
    }

    /** Keeps the log token out of logs and exception messages. */
    @Override
    public String toString() {
        return "Task[taskName=" + taskName + ", action=" + action + ", lceUID=" + lceUID + ", streamID=" + streamID
                + ", accountID=" + accountID + ", leaseSeconds=" + leaseSeconds + ", logServiceURL=" + logServiceURL
                + ", logToken=" + (logToken == null ? null : "***") + ", limits=" + limits + "]";
    }
}
