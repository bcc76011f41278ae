package io.chaosplane.controlplane.workflow;

/** Where a workflow, or one of its steps, is. */
public enum WorkflowPhase {
    Pending,
    Running,
    Suspended,
    Completed,
    Failed,
    Aborted,
    /** Stopped for safety (a stop condition of the workflow breached), as a run stopped by a halt is. */
    Stopped;

    boolean isFinished() {
        return this == Completed || this == Failed || this == Aborted || this == Stopped;
    }
}
