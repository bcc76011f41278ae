package io.chaosplane.controlplane.run;

import io.chaosplane.protocol.linux.ChaosSpec;
import java.math.BigDecimal;
import java.util.UUID;

/** The parts of a fault the state machine works with. */
record FaultRow(
        UUID id,
        UUID runId,
        UUID infrastructureId,
        int step,
        String name,
        String faultType,
        int weight,
        ChaosSpec chaos,
        int durationSeconds,
        int elapsedSeconds,
        StopReason stopReason,
        String taskName,
        String streamId,
        FaultPhase phase,
        FaultVerdict verdict,
        BigDecimal probeSuccessPercentage,
        FaultErrorCode errorCode) {

    /** What is left of the fault's duration after its time in force before pauses. */
    int remainingSeconds() {
        return Math.max(1, durationSeconds - elapsedSeconds);
    }

    /** Given up for lost by the control plane: an outcome from its agent is still welcome. */
    boolean lost() {
        return phase.isTerminal() && errorCode == FaultErrorCode.LEASE_EXPIRED;
    }

    /** Whether the fault may move to {@code next}: as its phase allows, or to any end once given up for lost. */
    boolean accepts(FaultPhase next) {
        return phase.canMoveTo(next) || lost() && next.isTerminal();
    }

    /** The fault ended so: its stop reason is spent. */
    FaultRow ended(Outcome outcome) {
        return changed(
                chaos,
                elapsedSeconds,
                null,
                outcome.phase(),
                outcome.verdict(),
                outcome.probeSuccessPercentage(),
                outcome.errorKind());
    }

    /** The fault on its way: queued, or running. */
    FaultRow moved(FaultPhase next) {
        return changed(chaos, elapsedSeconds, stopReason, next, verdict, probeSuccessPercentage, errorCode);
    }

    /** Its agent is to stop it for this reason. */
    FaultRow stopping(StopReason reason) {
        return changed(chaos, elapsedSeconds, reason, phase, verdict, probeSuccessPercentage, errorCode);
    }

    /** Reverted for a pause after {@code elapsed} seconds in force in all; it waits for the resume. */
    FaultRow paused(int elapsed) {
        return changed(
                chaos, elapsed, null, FaultPhase.Pending, FaultVerdict.Awaited, probeSuccessPercentage, errorCode);
    }

    /** The same fault, its task to run for what is left of its duration. */
    FaultRow forRemainingTime() {
        return changed(
                RunLedger.withDuration(chaos, remainingSeconds()),
                elapsedSeconds,
                stopReason,
                phase,
                verdict,
                probeSuccessPercentage,
                errorCode);
    }

    /** The fault with what a change may change; what it is (its id, run, place, name, weight, task) stays. */
    private FaultRow changed(
            ChaosSpec newChaos,
            int newElapsedSeconds,
            StopReason newStopReason,
            FaultPhase newPhase,
            FaultVerdict newVerdict,
            BigDecimal newProbeSuccess,
            FaultErrorCode newErrorCode) {
        return new FaultRow(
                id,
                runId,
                infrastructureId,
                step,
                name,
                faultType,
                weight,
                newChaos,
                durationSeconds,
                newElapsedSeconds,
                newStopReason,
                taskName,
                streamId,
                newPhase,
                newVerdict,
                newProbeSuccess,
                newErrorCode);
    }
}
