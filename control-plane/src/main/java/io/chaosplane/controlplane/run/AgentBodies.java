package io.chaosplane.controlplane.run;

import io.chaosplane.protocol.linux.ProbeStatus;
import io.chaosplane.protocol.linux.TaskLogsRequest;
import io.chaosplane.protocol.linux.TaskResult;
import io.chaosplane.protocol.linux.TaskResultRequest;
import io.chaosplane.protocol.linux.TaskStatusRequest;
import io.chaosplane.protocol.probe.ProbeMode;
import io.chaosplane.service.web.FieldProblem;
import io.chaosplane.service.web.InvalidInputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * What an agent's status, result and log bodies must hold (seed 001's members), checked before anything is read
 * or written: a body that is not a valid one is 400 naming every member at fault and stores nothing. Values of
 * the wrong spelling (an unknown phase or verdict) are refused as the JSON is read.
 */
final class AgentBodies {

    private static final List<String> MODES =
            Arrays.stream(ProbeMode.values()).map(ProbeMode::wire).toList();

    private AgentBodies() {}

    static void checkStatus(TaskStatusRequest request) {
        List<FieldProblem> problems = new ArrayList<>();
        if (request == null || request.taskStatus() == null) {
            problems.add(new FieldProblem("taskStatus", "is required: Running, Completed, Error or Stopped"));
        }
        if (request == null || request.lceUID() == null || request.lceUID().isBlank()) {
            problems.add(new FieldProblem("lceUID", "is required: the lceUID the task was handed out with"));
        }
        refuse(problems);
    }

    /** The attempt a status names; a value that is no task's id matches none (the post is then refused). */
    static UUID lceUid(TaskStatusRequest request) {
        try {
            return UUID.fromString(request.lceUID().strip());
        } catch (IllegalArgumentException notAnId) {
            return new UUID(0, 0);
        }
    }

    static void checkResult(TaskResultRequest request) {
        if (request == null || request.result() == null) {
            throw InvalidInputException.of("result", "is required");
        }
        TaskResult result = request.result();
        List<FieldProblem> problems = new ArrayList<>();
        if (result.taskStatus() == null) {
            problems.add(new FieldProblem("result.taskStatus", "is required: Completed, Error or Stopped"));
        }
        if (result.verdict() == null) {
            problems.add(new FieldProblem("result.verdict", "is required: Pass, Fail, Error or Stopped"));
        }
        List<ProbeStatus> probes = result.probeStatuses() == null ? List.of() : result.probeStatuses();
        for (int i = 0; i < probes.size(); i++) {
            ProbeStatus probe = probes.get(i);
            String at = "result.probeStatuses[" + i + "]";
            if (probe == null) {
                problems.add(new FieldProblem(at, "must be a probe status"));
            } else if (ProbeMode.parse(probe.mode()).isEmpty()) {
                problems.add(new FieldProblem(at + ".mode", "must be one of " + MODES));
            }
        }
        refuse(problems);
    }

    static void checkLogs(TaskLogsRequest request) {
        List<FieldProblem> problems = new ArrayList<>();
        if (request == null || request.streamID() == null || request.streamID().isBlank()) {
            problems.add(new FieldProblem("streamID", "is required"));
        }
        if (request == null || request.logs() == null) {
            problems.add(new FieldProblem("logs", "is required: the batch's lines, a list"));
        } else {
            for (int i = 0; i < request.logs().size(); i++) {
                if (request.logs().get(i) == null) {
                    problems.add(new FieldProblem("logs[" + i + "]", "must be a log line"));
                }
            }
        }
        refuse(problems);
    }

    private static void refuse(List<FieldProblem> problems) {
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
    }
}
