package io.chaosplane.agent.task;

import io.chaosplane.agent.probe.ProbeFailure;
import io.chaosplane.agent.probe.ProbeSession;
import io.chaosplane.protocol.ProtocolJson;
import io.chaosplane.protocol.linux.ErrorCode;
import io.chaosplane.protocol.linux.ErrorOutput;
import io.chaosplane.protocol.linux.ProbeStatus;
import io.chaosplane.protocol.linux.TaskResult;
import io.chaosplane.protocol.linux.TaskStatus;
import io.chaosplane.protocol.linux.Verdict;
import io.chaosplane.protocol.probe.ProbeType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns how a task went into its result, with the seed's members and error codes. */
final class Outcome {

    private Outcome() {}

    /** The fault ran and was reverted: passed unless a probe failed. */
    static TaskResult completed(ProbeSession probes, String infraId) {
        return probes.failure()
                .map(failure -> result(TaskStatus.COMPLETED, Verdict.FAIL, probeError(failure, infraId), probes))
                .orElseGet(() -> result(TaskStatus.COMPLETED, Verdict.PASS, null, probes));
    }

    static TaskResult stopped(ProbeSession probes, String reason) {
        return result(TaskStatus.STOPPED, Verdict.STOPPED, ErrorOutput.of(ErrorCode.ABORTED, reason), probes);
    }

    /** A command stop condition was breached: the fault is reverted, and the control plane stops the whole run. */
    static TaskResult breached(ProbeSession probes, String reason) {
        return result(
                TaskStatus.STOPPED, Verdict.STOPPED, ErrorOutput.of(ErrorCode.STOP_CONDITION_BREACHED, reason), probes);
    }

    /** Stopped before probes were set up, or while they ran (the agent is going down). */
    static TaskResult stopped(String reason) {
        return new TaskResult(
                TaskStatus.STOPPED, Verdict.STOPPED, ErrorOutput.of(ErrorCode.ABORTED, reason), "0", List.of());
    }

    static TaskResult error(ErrorCode code, String reason, ProbeSession probes) {
        return result(TaskStatus.ERROR, Verdict.ERROR, ErrorOutput.of(code, reason), probes);
    }

    /** An error before any probe was set up (invalid task): no probe statuses, no percentage to speak of. */
    static TaskResult error(ErrorCode code, String reason, List<ProbeStatus> probeStatuses) {
        return new TaskResult(TaskStatus.ERROR, Verdict.ERROR, ErrorOutput.of(code, reason), "0", probeStatuses);
    }

    private static TaskResult result(TaskStatus status, Verdict verdict, ErrorOutput error, ProbeSession probes) {
        int percentage = verdict == Verdict.PASS || !probes.statuses().isEmpty() ? probes.successPercentage() : 0;
        return new TaskResult(status, verdict, error, String.valueOf(percentage), probes.statuses());
    }

    /** The error code of a failed probe of that type. */
    static ErrorCode errorCode(ProbeType type) {
        return switch (type) {
            case CMD -> ErrorCode.CMD_PROBE_ERROR;
            case HTTP -> ErrorCode.HTTP_PROBE_ERROR;
            case K8S -> ErrorCode.K8S_PROBE_ERROR;
        };
    }

    /** The reason is a JSON object, as in the seed: error code, phase, reason and target. */
    private static ErrorOutput probeError(ProbeFailure failure, String infraId) {
        ErrorCode code = errorCode(failure.type());
        Map<String, String> reason = new LinkedHashMap<>();
        reason.put("errorCode", code.wire());
        reason.put("phase", failure.phase());
        reason.put("reason", failure.reason());
        reason.put("target", "{chaosInfraID: " + infraId + ", probeName: " + failure.probeName() + "}");
        return new ErrorOutput(code.wire(), ProtocolJson.mapper().writeValueAsString(reason));
    }
}
