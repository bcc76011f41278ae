package io.chaosplane.controlplane.run;

import io.chaosplane.controlplane.infra.AgentPrincipal;
import io.chaosplane.protocol.linux.SuccessResponse;
import io.chaosplane.protocol.linux.TaskList;
import io.chaosplane.protocol.linux.TaskLogsRequest;
import io.chaosplane.protocol.linux.TaskResultRequest;
import io.chaosplane.protocol.linux.TaskStatusRequest;
import io.chaosplane.protocol.linux.TaskStatusResponse;
import io.chaosplane.service.web.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Seed 001's Linux task calls: poll, status, result; at its paths and behind /gratis and /gateway. */
@RestController
@Validated
@RequestMapping({"/chaos/lserver/api/infra", "/gratis/chaos/lserver/api/infra", "/gateway/chaos/lserver/api/infra"})
@Tag(name = "Agent protocol (Linux)")
class LinuxTaskController {

    private final AgentTasks tasks;
    private final ObjectProvider<TaskLogSink> logs;

    LinuxTaskController(AgentTasks tasks, ObjectProvider<TaskLogSink> logs) {
        this.tasks = tasks;
        this.logs = logs;
    }

    @GetMapping("/task")
    @Operation(summary = "Take queued tasks under a lease; waits up to waitSeconds (long poll) when none is queued")
    TaskList task(
            @Parameter(hidden = true) @RequestAttribute(AgentPrincipal.ATTRIBUTE) AgentPrincipal agent,
            @RequestParam(defaultValue = "0") @Min(0) @Max(60) int waitSeconds,
            @Parameter(description = "The agent's free slots: the most tasks to hand out")
                    @RequestParam(defaultValue = "1")
                    @Min(1)
                    @Max(100)
                    int limit)
            throws InterruptedException {
        return tasks.poll(agent, limit, Duration.ofSeconds(waitSeconds));
    }

    @PostMapping("/task/status/{taskName}")
    @Operation(summary = "Report a task's status; the answer's abort tells the agent to stop it")
    TaskStatusResponse status(
            @Parameter(hidden = true) @RequestAttribute(AgentPrincipal.ATTRIBUTE) AgentPrincipal agent,
            @PathVariable String taskName,
            @RequestBody TaskStatusRequest request) {
        return tasks.status(agent, taskName, request);
    }

    @PostMapping("/logs")
    @Operation(summary = "Post a task's log lines; they are kept in the log service under the task's streamID")
    SuccessResponse logs(
            @Parameter(hidden = true) @RequestAttribute(AgentPrincipal.ATTRIBUTE) AgentPrincipal agent,
            @RequestBody TaskLogsRequest request) {
        AgentBodies.checkLogs(request);
        if (request.accountID() != null && !request.accountID().equals(agent.accountId())) {
            throw new NotFoundException("stream '" + request.streamID() + "' not found");
        }
        tasks.checkOwnsStream(agent, request.streamID());
        TaskLogSink sink = logs.getIfAvailable();
        if (sink != null && request.logs() != null && !request.logs().isEmpty()) {
            sink.append(agent.accountId(), request.streamID(), request.logs());
        }
        return SuccessResponse.OK;
    }

    @PostMapping("/task/result/{taskName}")
    @Operation(summary = "Report a task's result: verdict, probe statuses, probe success percentage, error")
    SuccessResponse result(
            @Parameter(hidden = true) @RequestAttribute(AgentPrincipal.ATTRIBUTE) AgentPrincipal agent,
            @PathVariable String taskName,
            @RequestBody TaskResultRequest request) {
        tasks.result(agent, taskName, request);
        return SuccessResponse.OK;
    }
}
