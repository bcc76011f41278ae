package io.chaosplane.controlplane.run;

/**
 * A run's phase, in seed 000's words: Pending → Running (⇄ Paused) → Completed, Failed, Aborted or Stopped.
 * Failed means the run could not finish as planned (a fault errored or its agent lost contact); whether the
 * system held up is the verdicts' and the score's business, not the phase's. Aborted is a person's abort; Stopped
 * is a safety stop (a halt), told apart so that the run's page and reports say which it was.
 */
public enum RunPhase {
    Pending,
    Running,
    Paused,
    Completed,
    Failed,
    Aborted,
    Stopped;

    public boolean isFinished() {
        return this == Completed || this == Failed || this == Aborted || this == Stopped;
    }

    /**
     * Whether a run in this phase may move to {@code next}: a run starts, pauses and resumes until it finishes, and a
     * paused run only resumes, is aborted or is stopped. A finished run moves no more; staying put is not a move.
     */
    public boolean canMoveTo(RunPhase next) {
        return switch (this) {
            case Pending -> next != Pending;
            case Running -> next != Pending && next != Running;
            case Paused -> next == Running || next == Aborted || next == Stopped;
            case Completed, Failed, Aborted, Stopped -> false;
        };
    }
}
