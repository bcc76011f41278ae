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
        String stoppedReason,
        boolean awaitingApproval,
        boolean wholeRun) {

    /** The run in its next phase and step; a move its phase does not allow is a bug, refused loudly. */
    RunRow moved(RunPhase next, int step) {
        if (next != phase && !phase.canMoveTo(next)) {
            throw new IllegalStateException("run " + id + " cannot move from " + phase + " to " + next);
        }
        return changed(next, step, abortRequestedAt, stoppedReason);
    }

    RunRow abortRequested(Instant at) {
        return changed(phase, currentStep, abortRequestedAt == null ? at : abortRequestedAt, stoppedReason);
    }

    /** The run to be stopped for a safety reason (a halt): it ends {@link RunPhase#Stopped}, not Aborted. */
    RunRow stopRequested(Instant at, String reason) {
        return changed(phase, currentStep, abortRequestedAt == null ? at : abortRequestedAt, reason);
    }

    /** The phase the run ends in once what it stops is done: Stopped for a safety stop, Aborted for a person's. */
    RunPhase stopPhase() {
        return stoppedReason != null ? RunPhase.Stopped : RunPhase.Aborted;
    }

    private RunRow changed(RunPhase newPhase, int newStep, Instant newAbortRequestedAt, String newStoppedReason) {
        return new RunRow(
                id,
                experimentId,
                experimentName,
                namespace,
                organization,
                project,
                runSequence,
                newPhase,
                newStep,
                newAbortRequestedAt,
                newStoppedReason,
                awaitingApproval,
                wholeRun);
    }
}
