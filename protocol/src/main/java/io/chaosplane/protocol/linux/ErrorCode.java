package io.chaosplane.protocol.linux;

/**
 * The error codes agents put in {@code errorOutput.errorCode}, written as in the seed: {@code "E2008: CMD_PROBE_ERROR"}.
 */
public enum ErrorCode {
    INVALID_TASK("E1001", "INVALID_TASK"),
    FAULT_NOT_SUPPORTED("E1002", "FAULT_NOT_SUPPORTED"),
    INJECTION_FAILED("E2001", "CHAOS_INJECT_ERROR"),
    REVERT_FAILED("E2002", "CHAOS_REVERT_ERROR"),
    AGENT_RESTARTED("E2003", "AGENT_RESTARTED"),
    K8S_PROBE_ERROR("E2007", "K8S_PROBE_ERROR"),
    CMD_PROBE_ERROR("E2008", "CMD_PROBE_ERROR"),
    HTTP_PROBE_ERROR("E2009", "HTTP_PROBE_ERROR"),
    ABORTED("E2010", "EXPERIMENT_ABORTED"),
    /** A command stop condition was breached: the agent reverted the fault, the control plane stops the run. */
    STOP_CONDITION_BREACHED("E2011", "STOP_CONDITION_BREACHED");

    private final String number;
    private final String label;

    ErrorCode(String number, String label) {
        this.number = number;
        this.label = label;
    }

    /** The code as it travels: number, colon, label. */
    public String wire() {
        return number + ": " + label;
    }
}
