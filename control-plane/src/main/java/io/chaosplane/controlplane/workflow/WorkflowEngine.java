package io.chaosplane.controlplane.workflow;

import io.chaosplane.controlplane.access.Caller;
import io.chaosplane.controlplane.access.CallerContext;
import io.chaosplane.controlplane.access.Grant;
import io.chaosplane.controlplane.access.Plan;
import io.chaosplane.controlplane.access.ResourceScope;
import io.chaosplane.controlplane.access.Role;
import io.chaosplane.controlplane.event.Events;
import io.chaosplane.controlplane.experiment.ExperimentService;
import io.chaosplane.controlplane.run.RunPhase;
import io.chaosplane.controlplane.run.RunService;
import io.chaosplane.controlplane.run.RunStops;
import io.chaosplane.controlplane.run.RunViews.RunView;
import io.chaosplane.controlplane.workflow.WorkflowManifest.Template;
import io.chaosplane.controlplane.workflow.WorkflowStore.NodeRow;
import io.chaosplane.controlplane.workflow.WorkflowStore.WorkflowRow;
import io.chaosplane.protocol.units.GoDuration;
import io.chaosplane.service.web.ApiException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.json.JsonMapper;

/**
 * Moves a workflow on from where it is: starts the experiments of the steps whose turn came, notes the ones that
 * finished, holds at suspends and lets status checks decide whether what follows runs. Called with the workflow's
 * row locked, whenever something it waits for may have changed; calling it again changes nothing.
 */
@Component
class WorkflowEngine {

    private final WorkflowStore workflows;
    private final ExperimentService experiments;
    private final RunService runs;
    private final RunStops runStops;
    private final CallerContext callers;
    private final Events events;
    private final ApplicationEventPublisher publisher;
    private final JsonMapper json;
    private final Clock clock;

    WorkflowEngine(
            WorkflowStore workflows,
            ExperimentService experiments,
            RunService runs,
            RunStops runStops,
            CallerContext callers,
            Events events,
            ApplicationEventPublisher publisher,
            JsonMapper json,
            Clock clock) {
        this.workflows = workflows;
        this.experiments = experiments;
        this.runs = runs;
        this.runStops = runStops;
        this.callers = callers;
        this.events = events;
        this.publisher = publisher;
        this.json = json;
        this.clock = clock;
    }

    /** One pass over the workflow's tree. The caller holds the workflow's lock, in the workflow's account. */
    void advance(WorkflowRow workflow) {
        advance(workflow, false);
    }

    /**
     * The first pass of a new run of the workflow ({@code POST .../run}): a step whose experiment may not start (a halt
     * in force, a policy) is not noted as failed but refused, so that the request answers as a run's start does and
     * the workflow stays as it was.
     */
    void start(WorkflowRow workflow) {
        advance(workflow, true);
    }

    private void advance(WorkflowRow workflow, boolean refuse) {
        if (workflow.phase().isFinished()) {
            return;
        }
        WorkflowManifest manifest = json.readValue(workflow.manifest(), WorkflowManifest.class);
        Map<String, Template> templates =
                manifest.spec().templates().stream().collect(Collectors.toMap(Template::name, template -> template));
        Map<String, NodeRow> nodes = new HashMap<>();
        workflows.nodes(workflow.accountId(), workflow.id()).forEach(node -> nodes.put(node.name(), node));
        Pass pass = new Pass(workflow, templates, nodes, refuse);
        WorkflowPhase phase = callers.callAs(
                workflowCaller(workflow), () -> pass.evaluate(manifest.spec().entry()));
        nodes.values().stream()
                .filter(node -> pass.changed.contains(node.name()))
                .forEach(node -> workflows.updateNode(workflow.accountId(), workflow.id(), node));
        setPhase(workflow, phase, pass.message == null ? "" : pass.message);
    }

    /** Aborts the workflow: its running experiments are aborted (their agents revert), its other steps stop. */
    void abort(WorkflowRow workflow) {
        Instant now = clock.instant();
        workflows.requestAbort(workflow.accountId(), workflow.id(), now);
        callers.callAs(workflowCaller(workflow), () -> {
            for (NodeRow node : workflows.nodes(workflow.accountId(), workflow.id())) {
                if (node.phase().isFinished()) {
                    continue;
                }
                if (node.runId() != null && !runs.get(node.runId()).phase().isFinished()) {
                    try {
                        runs.abort(node.runId());
                    } catch (ApiException alreadyStopping) {
                        // being aborted already: it ends on its own
                    }
                }
                workflows.updateNode(
                        workflow.accountId(),
                        workflow.id(),
                        finished(node, WorkflowPhase.Aborted, "aborted with the workflow", now));
            }
            return null;
        });
        setPhase(workflow, WorkflowPhase.Aborted, "aborted");
    }

    /**
     * Stops the workflow for safety (its stop condition breached): each of its runs still going is stopped with the
     * reason (phase Stopped, its agents revert), its other steps end Stopped, and so does the workflow, with the reason
     * as its message. The caller holds the workflow's lock, in its account.
     */
    void stop(WorkflowRow workflow, String reason) {
        Instant now = clock.instant();
        for (NodeRow node : workflows.nodes(workflow.accountId(), workflow.id())) {
            if (node.phase().isFinished()) {
                continue;
            }
            if (node.runId() != null) {
                // a run finished or being aborted already ends on its own
                runStops.stopOne(workflow.accountId(), node.runId(), "StopConditionBreached", reason);
            }
            workflows.updateNode(
                    workflow.accountId(),
                    workflow.id(),
                    finished(node, WorkflowPhase.Stopped, "stopped with the workflow: " + reason, now));
        }
        setPhase(workflow, WorkflowPhase.Stopped, reason);
    }

    private void setPhase(WorkflowRow workflow, WorkflowPhase phase, String message) {
        Instant now = clock.instant();
        workflows.updateWorkflow(
                workflow.accountId(),
                workflow.id(),
                phase,
                message,
                phase == WorkflowPhase.Pending ? null : now,
                phase.isFinished() ? now : null,
                now);
        if (phase != workflow.phase()) {
            events.record(
                    workflow.accountId(),
                    phase == WorkflowPhase.Failed || phase == WorkflowPhase.Stopped
                            ? Events.Type.Warning
                            : Events.Type.Normal,
                    "Workflow" + phase,
                    new Events.Subject(
                            "Workflow",
                            workflow.name(),
                            workflow.id().toString(),
                            workflow.namespace(),
                            ResourceScope.project(workflow.organization(), workflow.project())),
                    "workflow " + phase.name().toLowerCase() + (message.isEmpty() ? "" : ": " + message));
            WorkflowChanged change = new WorkflowChanged(
                    workflow.accountId(),
                    workflow.organization(),
                    workflow.project(),
                    workflow.name(),
                    workflow.namespace(),
                    phase,
                    now);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    publisher.publishEvent(change);
                }
            });
        }
    }

    /** The workflow acts as an operator of its project when it starts and aborts its experiments. */
    private static Caller workflowCaller(WorkflowRow workflow) {
        return new Caller(
                workflow.accountId(),
                Caller.Kind.WORKFLOW,
                workflow.id(),
                "workflow:" + workflow.namespace() + "/" + workflow.name(),
                List.of(new Grant(ResourceScope.project(workflow.organization(), workflow.project()), Role.OPERATOR)),
                Plan.FREE,
                false);
    }

    private static NodeRow finished(NodeRow node, WorkflowPhase phase, String message, Instant now) {
        return new NodeRow(
                node.name(),
                node.type(),
                phase,
                node.runId(),
                node.experimentId(),
                message,
                node.startedAt() == null ? now : node.startedAt(),
                now,
                node.deadlineAt(),
                node.resumed());
    }

    /** One evaluation of the tree, remembering which steps changed. */
    private final class Pass {

        private final WorkflowRow workflow;
        private final Map<String, Template> templates;
        private final Map<String, NodeRow> nodes;
        private final java.util.Set<String> changed = new java.util.HashSet<>();
        private final Instant now = clock.instant();
        private final boolean refuse;
        private String message;

        Pass(WorkflowRow workflow, Map<String, Template> templates, Map<String, NodeRow> nodes, boolean refuse) {
            this.workflow = workflow;
            this.refuse = refuse;
            this.templates = templates;
            this.nodes = nodes;
        }

        WorkflowPhase evaluate(String name) {
            NodeRow node = nodes.get(name);
            if (node.phase().isFinished()) {
                return node.phase();
            }
            Template template = templates.get(name);
            WorkflowPhase phase = switch (template.templateType()) {
                case "Serial" -> serial(template);
                case "Parallel" -> parallel(template);
                case "Suspend" -> suspend(node, template);
                default -> experiment(node, template);
            };
            if (phase != node.phase()
                    && (template.templateType().equals("Serial")
                            || template.templateType().equals("Parallel"))) {
                update(node, phase, node.runId(), node.message(), node.deadlineAt());
            }
            return phase;
        }

        private WorkflowPhase serial(Template template) {
            for (String child : template.children()) {
                WorkflowPhase phase = evaluate(child);
                if (phase != WorkflowPhase.Completed) {
                    return phase == WorkflowPhase.Aborted ? WorkflowPhase.Failed : phase;
                }
            }
            return WorkflowPhase.Completed;
        }

        private WorkflowPhase parallel(Template template) {
            List<WorkflowPhase> phases =
                    template.children().stream().map(this::evaluate).toList();
            if (phases.contains(WorkflowPhase.Running) || phases.contains(WorkflowPhase.Pending)) {
                return WorkflowPhase.Running;
            }
            if (phases.contains(WorkflowPhase.Suspended)) {
                return WorkflowPhase.Suspended;
            }
            return phases.stream().allMatch(phase -> phase == WorkflowPhase.Completed)
                    ? WorkflowPhase.Completed
                    : WorkflowPhase.Failed;
        }

        private WorkflowPhase suspend(NodeRow node, Template template) {
            if (node.phase() == WorkflowPhase.Pending) {
                Instant deadline =
                        template.suspend() == null || template.suspend().timeout() == null
                                ? null
                                : now.plus(GoDuration.parse(template.suspend().timeout()));
                update(node, WorkflowPhase.Suspended, null, "waiting for POST .../resume", deadline);
                return WorkflowPhase.Suspended;
            }
            if (node.resumed()) {
                update(node, WorkflowPhase.Completed, null, "resumed", node.deadlineAt());
                return WorkflowPhase.Completed;
            }
            if (node.deadlineAt() != null && !now.isBefore(node.deadlineAt())) {
                boolean fail = template.suspend() != null
                        && "fail".equals(template.suspend().onTimeout());
                WorkflowPhase phase = fail ? WorkflowPhase.Failed : WorkflowPhase.Completed;
                update(node, phase, null, "no resume before the timeout", node.deadlineAt());
                if (fail) {
                    message = "step " + node.name() + " was not resumed in time";
                }
                return phase;
            }
            return WorkflowPhase.Suspended;
        }

        /** Experiment and StatusCheck steps: a run of an experiment. */
        private WorkflowPhase experiment(NodeRow node, Template template) {
            if (node.runId() == null) {
                try {
                    RunView run = experiments.runById(node.experimentId());
                    update(node, WorkflowPhase.Running, run.runId(), "run " + run.runSequence() + " started", null);
                    return WorkflowPhase.Running;
                } catch (ApiException refused) {
                    if (refuse) {
                        throw refused;
                    }
                    update(node, WorkflowPhase.Failed, null, refused.getMessage(), null);
                    message = "step " + node.name() + ": " + refused.getMessage();
                    return WorkflowPhase.Failed;
                }
            }
            RunView run = runs.get(node.runId());
            if (!run.phase().isFinished()) {
                return WorkflowPhase.Running;
            }
            boolean statusCheck = template.templateType().equals("StatusCheck");
            boolean passed =
                    run.phase() == RunPhase.Completed && (!statusCheck || run.faultsPassed() == run.faultsTotal());
            String outcome = statusCheck
                    ? (passed ? "status check passed" : "status check failed: what follows does not run")
                    : "run " + run.runSequence() + " " + run.phase().name().toLowerCase();
            update(node, passed ? WorkflowPhase.Completed : WorkflowPhase.Failed, run.runId(), outcome, null);
            if (!passed) {
                message = "step " + node.name() + ": " + outcome;
            }
            return passed ? WorkflowPhase.Completed : WorkflowPhase.Failed;
        }

        private void update(NodeRow node, WorkflowPhase phase, UUID runId, String why, Instant deadline) {
            NodeRow updated = new NodeRow(
                    node.name(),
                    node.type(),
                    phase,
                    runId,
                    node.experimentId(),
                    why,
                    node.startedAt() == null && phase != WorkflowPhase.Pending ? now : node.startedAt(),
                    phase.isFinished() ? now : null,
                    deadline,
                    node.resumed());
            nodes.put(node.name(), updated);
            changed.add(node.name());
            if (phase != node.phase()) {
                events.record(
                        workflow.accountId(),
                        phase == WorkflowPhase.Failed ? Events.Type.Warning : Events.Type.Normal,
                        "WorkflowStep" + phase,
                        new Events.Subject(
                                "Workflow",
                                workflow.name(),
                                workflow.id().toString(),
                                workflow.namespace(),
                                ResourceScope.project(workflow.organization(), workflow.project())),
                        "step " + node.name() + " " + phase.name().toLowerCase()
                                + (why == null || why.isBlank() ? "" : ": " + why));
            }
        }
    }
}
