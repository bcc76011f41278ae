package io.chaosplane.protocol.linux;

/**
 * One task: one fault of one run, with its probes.
 *
 * <p>{@code leaseSeconds}, {@code logServiceURL} and {@code logToken} are additions to the seed (see
 * docs/agent-protocol.md): how long the control plane waits for the result, and where the task's log lines go.
 */
public record Task(
        String taskName,
        TaskAction action,
        String lceUID,
        String streamID,
        String accountID,
        Long leaseSeconds,
        String logServiceURL,
        String logToken) {

    /** The fault to run, never {@code null} for a well-formed task. */
    public ChaosSpec chaos() {
        return action == null ? null : action.chaos();
    }

    /** Keeps the log token out of logs and exception messages. */
    @Override
    public String toString() {
        return "Task[taskName=" + taskName + ", action=" + action + ", lceUID=" + lceUID + ", streamID=" + streamID
                + ", accountID=" + accountID + ", leaseSeconds=" + leaseSeconds + ", logServiceURL=" + logServiceURL
                + ", logToken=" + (logToken == null ? null : "***") + "]";
    }
}
