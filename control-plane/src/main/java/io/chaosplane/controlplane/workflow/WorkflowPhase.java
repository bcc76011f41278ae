package io.chaosplane.controlplane.workflow;

/** Where a workflow, or one of its steps, is. */
public enum WorkflowPhase {
    Pending,
    Running,
    Suspended,
    Completed,
    Failed,
    Aborted;

    boolean isFinished() {
        return this == Completed || this == Failed || this == Aborted;
    }
}
