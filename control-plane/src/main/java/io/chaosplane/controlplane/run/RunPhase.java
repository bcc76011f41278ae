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
}
