package io.chaosplane.controlplane.kubernetes;

import io.chaosplane.controlplane.infra.AgentAuthenticationFilter;
import io.chaosplane.controlplane.infra.AgentHalts;
import io.chaosplane.controlplane.infra.AgentPrincipal;
import io.chaosplane.controlplane.infra.InfrastructureService;
import io.chaosplane.controlplane.infra.InfrastructureType;
import io.chaosplane.controlplane.run.WholeRuns;
import io.chaosplane.protocol.k8s.TaskResponse;
import io.chaosplane.protocol.linux.ConfirmRequest;
import io.chaosplane.protocol.linux.ConfirmResponse;
import io.chaosplane.protocol.linux.LivenessRequest;
import io.chaosplane.protocol.linux.LivenessResponse;
import io.chaosplane.protocol.linux.SuccessResponse;
import io.chaosplane.protocol.linux.TaskList;
import io.chaosplane.protocol.linux.TaskLogsRequest;
import io.chaosplane.protocol.linux.TaskResultRequest;
import io.chaosplane.protocol.linux.TaskStatusRequest;
import io.chaosplane.protocol.linux.TaskStatusResponse;
import io.chaosplane.service.web.ForbiddenException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.MediaType;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The Kubernetes chaos runner's calls, at seed 001's kserver paths (and behind /gratis and /gateway): the shared
 * agent conversation (confirm, liveness, task poll, status, logs, result; docs/agent-protocol.md), where a task is a
 * whole experiment run, and the v2 task response and experiment run fetch of "Experiment Execution".
 */
@RestController
@Validated
@RequestMapping({"/chaos/kserver/api/infra", "/gratis/chaos/kserver/api/infra", "/gateway/chaos/kserver/api/infra"})
@Tag(name = "Agent protocol (Kubernetes)", description = "Seed 001's Kubernetes chaos runner calls")
class KubernetesAgentController {

    private final InfrastructureService infrastructures;
    private final WholeRuns runs;
    private final Workflows workflows;
    private final WorkflowEvents events;
    private final AgentHalts halts;

    KubernetesAgentController(
            InfrastructureService infrastructures,
            WholeRuns runs,
            Workflows workflows,
            WorkflowEvents events,
            ObjectProvider<AgentHalts> halts) {
        this.infrastructures = infrastructures;
        this.runs = runs;
        this.workflows = workflows;
        this.events = events;
        this.halts = halts.getIfAvailable(() -> AgentHalts.NONE);
    }

    @PostMapping("/confirm")
    @Operation(summary = "Register the runner with its one-time install token; answers infraID and newAccessKey")
    ConfirmResponse confirm(
            @RequestHeader(value = AgentAuthenticationFilter.INFRA_ID_HEADER, required = false) String infraId,
            @RequestHeader(value = AgentAuthenticationFilter.ACCESS_KEY_HEADER, required = false) String installToken,
            @RequestBody(required = false) ConfirmRequest request) {
        return infrastructures.confirm(infraId, installToken, request);
    }

    @PostMapping("/liveness")
    @Operation(summary = "The runner is alive; the answer's halts, when present, tell it to revert everything")
    LivenessResponse liveness(
            @Parameter(hidden = true) @RequestAttribute(AgentPrincipal.ATTRIBUTE) AgentPrincipal agent,
            @RequestBody(required = false) LivenessRequest body) {
        infrastructures.heard(kubernetes(agent));
        return LivenessResponse.withHalts(halts.activeFor(agent), infrastructures.chaosEnabled(agent));
    }

    @GetMapping("/task")
    @Operation(
            summary = "Take queued experiment runs under a lease, each one task whose action.workflow is the whole"
                    + " KubernetesChaosExperiment; waits up to waitSeconds (long poll)")
    TaskList task(
            @Parameter(hidden = true) @RequestAttribute(AgentPrincipal.ATTRIBUTE) AgentPrincipal agent,
            @RequestParam(defaultValue = "0") @Min(0) @Max(60) int waitSeconds,
            @RequestParam(defaultValue = "1") @Min(1) @Max(100) int limit)
            throws InterruptedException {
        return runs.poll(kubernetes(agent), limit, Duration.ofSeconds(waitSeconds), workflows::workflow);
    }

    @PostMapping("/task/status/{taskName}")
    @Operation(summary = "Report a run's task Running; the answer's abort tells the runner to stop it")
    TaskStatusResponse status(
            @Parameter(hidden = true) @RequestAttribute(AgentPrincipal.ATTRIBUTE) AgentPrincipal agent,
            @PathVariable String taskName,
            @RequestBody TaskStatusRequest request) {
        return runs.status(kubernetes(agent), taskName, request);
    }

    @PostMapping("/logs")
    @Operation(summary = "Post a task's log lines; they are kept in the log service under their streamID")
    SuccessResponse logs(
            @Parameter(hidden = true) @RequestAttribute(AgentPrincipal.ATTRIBUTE) AgentPrincipal agent,
            @RequestBody TaskLogsRequest request) {
        runs.logs(kubernetes(agent), request);
        return SuccessResponse.OK;
    }

    @PostMapping("/task/result/{taskName}")
    @Operation(summary = "The end of a run's task: faults the runner's events left open are settled by it")
    SuccessResponse result(
            @Parameter(hidden = true) @RequestAttribute(AgentPrincipal.ATTRIBUTE) AgentPrincipal agent,
            @PathVariable String taskName,
            @RequestBody TaskResultRequest request) {
        runs.result(kubernetes(agent), taskName, request);
        return SuccessResponse.OK;
    }

    @PostMapping(value = "/v2/task/response/{infraId}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "A WORKFLOW_EVENT: the run's node tree (args.executionData, a JSON string); events out of order"
                    + " or repeated never move the run backwards. Answers the seed's text")
    String taskResponse(
            @Parameter(hidden = true) @RequestAttribute(AgentPrincipal.ATTRIBUTE) AgentPrincipal agent,
            @PathVariable String infraId,
            @RequestParam Map<String, String> query,
            @RequestBody(required = false) TaskResponse response) {
        return events.accept(kubernetes(agent), response, query);
    }

    @GetMapping("/v2/task/experimentrun/{infraId}/{experimentId}/{runId}")
    @Operation(
            summary = "The current experiment run, as seed 001's sample: score, fault counts, phase, executionData,"
                    + " experimentYaml, faultsWithProbes, securityGovernance...")
    ExperimentRuns.Response experimentRun(
            @Parameter(hidden = true) @RequestAttribute(AgentPrincipal.ATTRIBUTE) AgentPrincipal agent,
            @PathVariable String infraId,
            @PathVariable String experimentId,
            @PathVariable String runId,
            @RequestParam Map<String, String> query) {
        return events.fetch(kubernetes(agent), experimentId, runId, query);
    }

    /** kserver paths are the Kubernetes runners'; a Linux agent has its own. */
    private static AgentPrincipal kubernetes(AgentPrincipal agent) {
        if (agent.type() != InfrastructureType.Kubernetes) {
            throw new ForbiddenException("this is a " + agent.type() + " infrastructure; its agent uses the"
                    + " /chaos/lserver/api/infra calls");
        }
        return agent;
    }
}
