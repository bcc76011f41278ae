package io.chaosplane.controlplane.run;

/**
 * A run's phase, in seed 000's words: Pending → Running (⇄ Paused) → Completed, Failed or Aborted.
 * Failed means the run could not finish as planned (a fault errored or its agent lost contact); whether the
 * system held up is the verdicts' and the score's business, not the phase's.
 */
public enum RunPhase {
    Pending,
    Running,
    Paused,
    Completed,
    Failed,
    Aborted;

    public boolean isFinished() {
        return this == Completed || this == Failed || this == Aborted;
    }

    /**
     * Whether a run in this phase may move to {@code next}: a run starts, pauses and resumes until it finishes, and a
     * paused run only resumes or is aborted. A finished run moves no more; staying put is not a move.
     */
    public boolean canMoveTo(RunPhase next) {
        return switch (this) {
            case Pending -> next != Pending;
            case Running -> next != Pending && next != Running;
            case Paused -> next == Running || next == Aborted;
            case Completed, Failed, Aborted -> false;
        };
    }
}
