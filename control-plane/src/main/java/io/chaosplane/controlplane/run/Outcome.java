package io.chaosplane.controlplane.run;

import io.chaosplane.protocol.linux.ErrorOutput;
import io.chaosplane.protocol.linux.ProbeStatus;
import io.chaosplane.protocol.linux.TaskResult;
import io.chaosplane.protocol.linux.TaskStatus;
import java.math.BigDecimal;
import java.util.List;

/**
 * How a fault ended: as its agent reported it (a task's result, or a whole run's news of the fault), or as the control
 * plane settled it (stopped, or lost when its lease ran out).
 */
record Outcome(
        FaultPhase phase,
        FaultVerdict verdict,
        BigDecimal probeSuccessPercentage,
        List<ProbeStatus> probeStatuses,
        String errorCode,
        String errorReason,
        String logs) {

    private static final int MAX_LOG_CHARS = 1_000_000;

    Outcome {
        if (!phase.isTerminal()) {
            throw new IllegalArgumentException("an outcome ends the fault; " + phase + " does not");
        }
    }

    /** An agent's result: its task status and verdict in the run's terms; the last megabyte of its logs. */
    static Outcome of(TaskResult result, String logs) {
        FaultPhase phase = phaseOf(result.taskStatus());
        ErrorOutput error = result.errorOutput();
        return new Outcome(
                phase,
                verdictOf(result, phase),
                percentage(result.probeSuccessPercentage()),
                result.probeStatuses(),
                error == null ? null : error.errorCode(),
                error == null ? null : error.reason(),
                logs == null || logs.length() <= MAX_LOG_CHARS ? logs : logs.substring(logs.length() - MAX_LOG_CHARS));
    }

    /** A whole run's news that the fault is done. */
    static Outcome of(FaultUpdate update) {
        return new Outcome(
                update.phase(),
                update.phase() == FaultPhase.Stopped ? FaultVerdict.Stopped : update.verdict(),
                update.probeSuccessPercentage(),
                null,
                update.errorCode(),
                update.errorReason(),
                null);
    }

    static Outcome stopped() {
        return new Outcome(FaultPhase.Stopped, FaultVerdict.Stopped, null, null, null, null, null);
    }

    /** Given up for lost: no result from its agent within the lease. */
    static Outcome lost(int durationSeconds) {
        return new Outcome(
                FaultPhase.Error,
                FaultVerdict.NotApplicable,
                null,
                null,
                FaultErrorCode.LEASE_EXPIRED.name(),
                "task lost contact: no result from its agent within the lease of " + durationSeconds + "s plus grace",
                null);
    }

    FaultErrorCode errorKind() {
        return FaultErrorCode.of(errorCode);
    }

    private static FaultPhase phaseOf(TaskStatus status) {
        if (status == null) {
            return FaultPhase.Error;
        }
        return switch (status) {
            case COMPLETED -> FaultPhase.Completed;
            case STOPPED -> FaultPhase.Stopped;
            case ERROR, RUNNING -> FaultPhase.Error;
        };
    }

    private static FaultVerdict verdictOf(TaskResult result, FaultPhase phase) {
        if (phase == FaultPhase.Stopped) {
            return FaultVerdict.Stopped;
        }
        if (result.verdict() == null) {
            return FaultVerdict.NotApplicable;
        }
        return switch (result.verdict()) {
            case PASS -> phase == FaultPhase.Completed ? FaultVerdict.Pass : FaultVerdict.NotApplicable;
            case FAIL -> FaultVerdict.Fail;
            case STOPPED -> FaultVerdict.Stopped;
            case ERROR -> FaultVerdict.NotApplicable;
        };
    }

    private static BigDecimal percentage(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return new BigDecimal(value.trim()).max(BigDecimal.ZERO).min(BigDecimal.valueOf(100));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
