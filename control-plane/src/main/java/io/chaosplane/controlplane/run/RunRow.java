package io.chaosplane.controlplane.run;

import java.time.Instant;
import java.util.UUID;

/** The parts of a run the state machine works with. */
record RunRow(
        UUID id,
        UUID experimentId,
        String experimentName,
        String namespace,
        String organization,
        String project,
        int runSequence,
        RunPhase phase,
        int currentStep,
        Instant abortRequestedAt,
        boolean awaitingApproval,
        boolean wholeRun) {

    RunRow moved(RunPhase next, int step) {
        if (next != phase && !phase.canMoveTo(next)) {
            throw new IllegalStateException("run " + id + " cannot move from " + phase + " to " + next);
        }
        return new RunRow(
                id,
                experimentId,
                experimentName,
                namespace,
                organization,
                project,
                runSequence,
                next,
                step,
                abortRequestedAt,
                awaitingApproval,
                wholeRun);
    }

    RunRow abortRequested(Instant at) {
        return new RunRow(
                id,
                experimentId,
                experimentName,
                namespace,
                organization,
                project,
                runSequence,
                phase,
                currentStep,
                abortRequestedAt == null ? at : abortRequestedAt,
                awaitingApproval,
                wholeRun);
    }
}
