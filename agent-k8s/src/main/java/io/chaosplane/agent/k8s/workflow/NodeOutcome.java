package io.chaosplane.agent.k8s.workflow;

import io.chaosplane.protocol.k8s.ExecutionData;
import io.chaosplane.protocol.k8s.ExecutionTrees;
import io.chaosplane.protocol.linux.ErrorCode;
import io.chaosplane.protocol.linux.ProbeStatus;
import java.util.List;

/**
 * How one task of a run ended: passed or failed (its probes), stopped (abort), or an error (it could not run or be
 * reverted), with what its node shows.
 */
record NodeOutcome(
        String task,
        String verdict,
        int probeSuccessPercentage,
        ErrorCode errorCode,
        String reason,
        List<ProbeStatus> probeStatuses) {

    static final String PASS = "Pass";
    static final String FAIL = "Fail";
    static final String STOPPED = "Stopped";
    static final String ERROR = "Error";

    static NodeOutcome stopped(String task, String reason, List<ProbeStatus> statuses, int percentage) {
        return new NodeOutcome(task, STOPPED, percentage, ErrorCode.ABORTED, reason, statuses);
    }

    static NodeOutcome error(String task, ErrorCode code, String reason, List<ProbeStatus> statuses) {
        return new NodeOutcome(task, ERROR, 0, code, reason, statuses);
    }

    /** The node's phase: Succeeded when judged (Pass or Fail), else Stopped or Error. */
    String phase() {
        return switch (verdict) {
            case PASS, FAIL -> ExecutionTrees.SUCCEEDED;
            case STOPPED -> ExecutionTrees.STOPPED;
            default -> ExecutionTrees.ERROR;
        };
    }

    ExecutionData.Node applyTo(ExecutionData.Node node, long now) {
        ExecutionData.ChaosData chaos = node.chaosData();
        String status = switch (verdict) {
            case PASS, FAIL -> "Completed";
            default -> verdict;
        };
        return new ExecutionData.Node(
                node.name(),
                phase(),
                reason == null ? "" : reason,
                node.startedAt(),
                Long.toString(now),
                node.children(),
                node.type(),
                new ExecutionData.ChaosData(
                        chaos.namespace(),
                        chaos.experimentName(),
                        status,
                        Long.toString(now),
                        verdict,
                        Integer.toString(probeSuccessPercentage),
                        reason == null ? "" : reason,
                        chaos.taskDefinitionCR(),
                        errorCode == null ? "" : errorCode.wire(),
                        chaos.streamID(),
                        null));
    }
}
