package io.chaosplane.controlplane.kubernetes;

import io.chaosplane.controlplane.infra.AgentPrincipal;
import io.chaosplane.controlplane.infra.InfrastructureDtos.InfrastructureView;
import io.chaosplane.controlplane.infra.InfrastructureService;
import io.chaosplane.controlplane.run.WholeRuns;
import io.chaosplane.controlplane.run.WholeRuns.WholeRun;
import io.chaosplane.protocol.ProtocolJson;
import io.chaosplane.protocol.k8s.ExecutionData;
import io.chaosplane.protocol.k8s.TaskResponse;
import io.chaosplane.service.web.ForbiddenException;
import io.chaosplane.service.web.InvalidInputException;
import io.chaosplane.service.web.NotFoundException;
import io.chaosplane.service.web.StrictText;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.JacksonException;

/**
 * Seed 001's v2 task responses: a runner's {@code WORKFLOW_EVENT}s become the run's node tree (merged so that no
 * event moves it backwards) and, through it, the run's faults, phase and score; and the experiment run fetch answers
 * the run in the seed's shape.
 */
@Service
class WorkflowEvents {

    private final WholeRuns wholeRuns;
    private final InfrastructureService infrastructures;
    private final KubernetesRunStore store;
    private final ExperimentRuns experimentRuns;
    private final Clock clock;

    WorkflowEvents(
            WholeRuns wholeRuns,
            InfrastructureService infrastructures,
            KubernetesRunStore store,
            ExperimentRuns experimentRuns,
            Clock clock) {
        this.wholeRuns = wholeRuns;
        this.infrastructures = infrastructures;
        this.store = store;
        this.experimentRuns = experimentRuns;
        this.clock = clock;
    }

    /** Applies one task response; answers the seed's text. */
    @Transactional
    public String accept(AgentPrincipal agent, TaskResponse response, Map<String, String> query) {
        InfrastructureView infrastructure = checkIdentity(agent, query);
        if (response == null) {
            throw InvalidInputException.of("body", "a task response is required");
        }
        if (!TaskResponse.WORKFLOW_EVENT.equals(response.taskType())) {
            throw InvalidInputException.of(
                    "taskType",
                    "'" + response.taskType() + "' is not a task type this control" + " plane takes; the only one is "
                            + TaskResponse.WORKFLOW_EVENT);
        }
        TaskResponse.WorkflowEventArgs args = response.args();
        if (args == null) {
            throw InvalidInputException.of("args", "is required");
        }
        for (String named : new String[] {response.infraId(), args.infraID()}) {
            if (named != null && !named.isBlank() && !names(infrastructure, named)) {
                throw new ForbiddenException("infrastructure '" + named + "' is not the one of this access key");
            }
        }
        UUID runId = uuid("args.workflowRunID", args.workflowRunID());
        ExecutionData incoming = executionData(args.executionData());
        Instant now = clock.instant();
        KubernetesRunStore.Stored stored = store.lock(agent.accountId(), runId).orElseGet(() -> {
            WholeRun run = wholeRuns.find(agent, runId).orElseThrow(() -> notFound(args));
            return store.create(
                    agent.accountId(),
                    runId,
                    run.infrastructureId(),
                    run.run().experimentId(),
                    experimentRuns.initialTree(run),
                    now);
        });
        if (!stored.infrastructureId().equals(agent.infrastructureId())
                || args.workflowID() != null
                        && !args.workflowID().isBlank()
                        && !stored.experimentId().toString().equals(args.workflowID())) {
            throw notFound(args);
        }
        ExecutionData merged = NodeTrees.merge(stored.tree(), incoming);
        boolean completed = stored.completed() || "true".equalsIgnoreCase(args.completed());
        // the tree holds all the news there is: an event that adds none (repeated, or older) changes nothing
        if (!merged.equals(stored.tree()) || completed != stored.completed()) {
            store.save(agent.accountId(), runId, merged, completed, stored.events() + 1, now);
            wholeRuns.apply(agent, runId, NodeTrees.faultUpdates(merged));
        }
        return "Received task callback for taskType: " + TaskResponse.WORKFLOW_EVENT + ", response: Workflow run"
                + " received for for WorkflowID: " + args.workflowID() + ", WorkflowRunID: " + args.workflowRunID();
    }

    private static NotFoundException notFound(TaskResponse.WorkflowEventArgs args) {
        return new NotFoundException(
                "experiment run '" + args.workflowRunID() + "' of experiment '" + args.workflowID() + "' not found");
    }

    /** The run in the seed's "Fetch Experiment Execution Data" shape. */
    @Transactional(readOnly = true)
    public ExperimentRuns.Response fetch(
            AgentPrincipal agent, String experimentId, String runId, Map<String, String> query) {
        InfrastructureView infrastructure = checkIdentity(agent, query);
        WholeRun run = wholeRuns
                .find(agent, uuid("experimentRunID", runId))
                .filter(found -> found.run().experimentId().toString().equals(experimentId))
                .orElseThrow(() -> new NotFoundException(
                        "experiment run '" + runId + "' of experiment '" + experimentId + "' not found"));
        return experimentRuns.response(
                run, infrastructure, store.find(agent.accountId(), run.run().runId()));
    }

    /** The query's tenant identifiers, where given, must be the infrastructure's. */
    private InfrastructureView checkIdentity(AgentPrincipal agent, Map<String, String> query) {
        InfrastructureView infrastructure =
                infrastructures.ofAgent(agent).orElseThrow(() -> new NotFoundException("infrastructure not found"));
        check(query.get("accountIdentifier"), infrastructure.accountIdentifier(), "accountIdentifier");
        check(query.get("organizationIdentifier"), infrastructure.organizationIdentifier(), "organizationIdentifier");
        check(query.get("projectIdentifier"), infrastructure.projectIdentifier(), "projectIdentifier");
        check(query.get("environmentIdentifier"), infrastructure.environmentIdentifier(), "environmentIdentifier");
        return infrastructure;
    }

    private static void check(String given, String actual, String name) {
        if (given != null && !given.isBlank() && !Objects.equals(given, actual)) {
            throw new ForbiddenException(name + " '" + given + "' is not the infrastructure's");
        }
    }

    private static boolean names(InfrastructureView infrastructure, String named) {
        return named.equals(infrastructure.id().toString())
                || named.equals(infrastructure.identifier())
                || named.endsWith("/" + infrastructure.identifier());
    }

    private static UUID uuid(String field, String value) {
        try {
            return UUID.fromString(Objects.requireNonNull(value).strip());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw InvalidInputException.of(field, "must be the run's id (a UUID), was '" + value + "'");
        }
    }

    private static ExecutionData executionData(String text) {
        if (text == null || text.isBlank()) {
            throw InvalidInputException.of("args.executionData", "is required: the run's node tree as a JSON string");
        }
        try {
            ExecutionData data = StrictText.readNested(
                    ProtocolJson.mapper().readerFor(ExecutionData.class), text, "args.executionData");
            if (data.nodes() == null) {
                throw InvalidInputException.of("args.executionData.nodes", "is required");
            }
            return data;
        } catch (JacksonException e) {
            throw InvalidInputException.of("args.executionData", "is not a node tree: " + e.getOriginalMessage());
        }
    }
}
