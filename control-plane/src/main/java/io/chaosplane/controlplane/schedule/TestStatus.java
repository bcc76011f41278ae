package io.chaosplane.controlplane.schedule;

import io.chaosplane.controlplane.run.RunPhase;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;

/**
 * Where a test stands: the phase of its latest run, and the score, result and end of its latest finished one.
 *
 * @param latestPhase the phase of the latest run the test started; null when it never started one
 */
record TestStatus(RunPhase latestPhase, Finished lastFinished, Instant nextRunAt) {

    /** A finished run of a test, as the status and the reports judge it. */
    record Finished(RunPhase phase, BigDecimal score, int faultsTotal, int faultsPassed, Instant finishedAt) {

        /** pass: every fault passed; fail: none did, or the run ended in error; partial otherwise. */
        String result() {
            return TestStatus.result(phase, faultsTotal, faultsPassed);
        }

        Integer roundedScore() {
            return rounded(score);
        }
    }

    static String result(RunPhase phase, int faultsTotal, int faultsPassed) {
        if (phase != RunPhase.Completed || faultsPassed == 0) {
            return "fail";
        }
        return faultsPassed == faultsTotal ? "pass" : "partial";
    }

    static Integer rounded(BigDecimal score) {
        return score == null ? null : score.setScale(0, RoundingMode.HALF_UP).intValueExact();
    }

    /** Seed 004's phases: Idle before the first run, Running while one runs, then Completed or Failed. */
    String phase() {
        if (latestPhase == null) {
            return "Idle";
        }
        if (!latestPhase.isFinished()) {
            return "Running";
        }
        return latestPhase == RunPhase.Completed ? "Completed" : "Failed";
    }

    boolean running() {
        return latestPhase != null && !latestPhase.isFinished();
    }
}
