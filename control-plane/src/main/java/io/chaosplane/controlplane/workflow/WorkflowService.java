package io.chaosplane.controlplane.workflow;

import io.chaosplane.controlplane.access.AccessGuard;
import io.chaosplane.controlplane.access.Caller;
import io.chaosplane.controlplane.access.Permission;
import io.chaosplane.controlplane.access.ProjectScope;
import io.chaosplane.controlplane.experiment.ExperimentManifest;
import io.chaosplane.controlplane.experiment.ExperimentService;
import io.chaosplane.controlplane.stopcondition.StopConditions;
import io.chaosplane.controlplane.tenancy.ScopeDirectory;
import io.chaosplane.controlplane.workflow.WorkflowManifest.Template;
import io.chaosplane.controlplane.workflow.WorkflowStore.NodeRow;
import io.chaosplane.controlplane.workflow.WorkflowStore.WorkflowRow;
import io.chaosplane.controlplane.workflow.WorkflowViews.NodeStatus;
import io.chaosplane.controlplane.workflow.WorkflowViews.WorkflowDetail;
import io.chaosplane.controlplane.workflow.WorkflowViews.WorkflowSummary;
import io.chaosplane.service.web.ConflictException;
import io.chaosplane.service.web.FieldProblem;
import io.chaosplane.service.web.InvalidInputException;
import io.chaosplane.service.web.ListResponse;
import io.chaosplane.service.web.NotFoundException;
import io.chaosplane.service.web.Paging;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.interceptor.TransactionAspectSupport;
import tools.jackson.databind.json.JsonMapper;

/**
 * Seed 000's workflows: created (and started) from a ChaosWorkflow manifest, listed, aborted, resumed from a suspend,
 * deleted once finished. A workflow lives in one project, named as for experiments.
 */
@Service
public class WorkflowService {

    private final WorkflowStore workflows;
    private final WorkflowEngine engine;
    private final ExperimentService experiments;
    private final AccessGuard guard;
    private final ScopeDirectory scopes;
    private final StopConditions stopConditions;
    private final JsonMapper json;
    private final Clock clock;

    WorkflowService(
            WorkflowStore workflows,
            WorkflowEngine engine,
            ExperimentService experiments,
            AccessGuard guard,
            ScopeDirectory scopes,
            StopConditions stopConditions,
            JsonMapper json,
            Clock clock) {
        this.workflows = workflows;
        this.engine = engine;
        this.experiments = experiments;
        this.guard = guard;
        this.scopes = scopes;
        this.stopConditions = stopConditions;
        this.json = json;
        this.clock = clock;
    }

    /** Saves the workflow (admin of the project), checks its experiments against the policies, and starts it. */
    @Transactional
    public WorkflowDetail create(ProjectScope scope, WorkflowManifest manifest) {
        Caller caller = guard.require(Permission.MANAGE, scope, scope.toString());
        scopes.requireExists(scope);
        String namespace = WorkflowValidator.check(manifest);
        String name = manifest.metadata().name();
        if (workflows
                .find(caller.accountId(), scope.organization(), scope.project(), namespace, name)
                .isPresent()) {
            throw new ConflictException("workflow '" + name + "' already exists in namespace '" + namespace + "'");
        }
        UUID id = define(caller, scope, manifest, namespace);
        engine.advance(workflows.lock(caller.accountId(), id).orElseThrow());
        return detail(workflows.lock(caller.accountId(), id).orElseThrow());
    }

    /** What {@link #apply} did. */
    public enum Change {
        created,
        updated,
        unchanged
    }

    public record Applied(Change change, WorkflowDetail workflow) {}

    /**
     * Creates or updates the workflow named in the path (admin of the project) without starting it: a manifest equal
     * to the stored one changes nothing; a changed one replaces the stored workflow unless it is in progress (409). A
     * dry run checks everything as it would be done, its policies included, and keeps nothing.
     */
    @Transactional
    public Applied apply(ProjectScope scope, String namespace, String name, WorkflowManifest manifest, boolean dryRun) {
        Caller caller = guard.require(Permission.MANAGE, scope, scope.toString());
        scopes.requireExists(scope);
        String manifestNamespace = WorkflowValidator.check(manifest);
        List<FieldProblem> problems = new ArrayList<>();
        if (!name.equals(manifest.metadata().name())) {
            problems.add(new FieldProblem("metadata.name", "must be the name in the path, '" + name + "'"));
        }
        if (!namespace.equals(manifestNamespace)) {
            problems.add(
                    new FieldProblem("metadata.namespace", "must be the namespace in the path, '" + namespace + "'"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        WorkflowManifest wanted = inNamespace(manifest, namespace);
        var stored = workflows.find(caller.accountId(), scope.organization(), scope.project(), namespace, name);
        if (stored.isPresent()) {
            WorkflowManifest storedManifest =
                    inNamespace(json.readValue(stored.get().manifest(), WorkflowManifest.class), namespace);
            if (json.valueToTree(storedManifest).equals(json.valueToTree(wanted))) {
                return new Applied(Change.unchanged, detail(stored.get()));
            }
            WorkflowPhase phase = stored.get().phase();
            if (phase != WorkflowPhase.Pending && !phase.isFinished()) {
                throw new ConflictException("workflow '" + name + "' is "
                        + phase.name().toLowerCase() + "; abort it or let it end before changing it");
            }
            // its steps and the experiments of its status checks are made anew from the new manifest
            workflows.delete(caller.accountId(), stored.get().id());
        }
        UUID id = define(caller, scope, wanted, namespace);
        WorkflowDetail detail = detail(workflows.lock(caller.accountId(), id).orElseThrow());
        if (dryRun) {
            TransactionAspectSupport.currentTransactionStatus().setRollbackOnly();
        }
        return new Applied(stored.isPresent() ? Change.updated : Change.created, detail);
    }

    /**
     * Starts a new run of a workflow that is not in progress (operator): its steps start again from its entry. A step
     * whose experiment may not start now (a halt in force: 409; a policy: 403) refuses the request and changes nothing.
     */
    @Transactional
    public WorkflowDetail run(ProjectScope scope, String namespace, String name) {
        WorkflowRow workflow = locked(find(scope, namespace, name, Permission.OPERATE));
        if (workflow.phase() != WorkflowPhase.Pending && !workflow.phase().isFinished()) {
            throw new ConflictException("workflow '" + name + "' is "
                    + workflow.phase().name().toLowerCase() + "; a new run starts once it ended");
        }
        experiments.checkPolicies(workflows.nodes(workflow.accountId(), workflow.id()).stream()
                .map(NodeRow::experimentId)
                .filter(java.util.Objects::nonNull)
                .toList());
        workflows.resetForRun(workflow.accountId(), workflow.id(), clock.instant());
        stopConditions.resetForRun(workflow.accountId(), workflow.id());
        engine.start(locked(workflow));
        return detail(locked(workflow));
    }

    private static WorkflowManifest inNamespace(WorkflowManifest manifest, String namespace) {
        WorkflowManifest.Metadata metadata = manifest.metadata();
        return new WorkflowManifest(
                manifest.apiVersion(),
                manifest.kind(),
                new WorkflowManifest.Metadata(metadata.name(), namespace, metadata.labels()),
                manifest.spec());
    }

    /** Stores a checked workflow, Pending, with its steps; checks its experiments against the policies. */
    private UUID define(Caller caller, ProjectScope scope, WorkflowManifest manifest, String namespace) {
        String name = manifest.metadata().name();
        UUID id = UUID.randomUUID();
        workflows.insert(new WorkflowRow(
                id,
                caller.accountId(),
                scope.organization(),
                scope.project(),
                namespace,
                name,
                json.writeValueAsString(manifest),
                WorkflowPhase.Pending,
                "",
                caller.actor(),
                clock.instant(),
                null,
                null,
                null));
        List<UUID> stepExperiments = new ArrayList<>();
        List<FieldProblem> problems = new ArrayList<>();
        List<Template> templates = manifest.spec().templates();
        for (int i = 0; i < templates.size(); i++) {
            Template template = templates.get(i);
            UUID experimentId = switch (template.templateType()) {
                case "Experiment" ->
                    experiments
                            .idOf(
                                    scope,
                                    template.experiment().namespace() == null
                                            ? namespace
                                            : template.experiment().namespace(),
                                    template.experiment().name())
                            .orElseGet(() -> {
                                problems.add(new FieldProblem(
                                        "spec.templates[" + templates.indexOf(template) + "].experiment.name",
                                        "no experiment '"
                                                + template.experiment().name() + "'"));
                                return null;
                            });
                case "StatusCheck" -> statusCheck(scope, namespace, name, template, i, id, problems);
                default -> null;
            };
            if (experimentId != null) {
                stepExperiments.add(experimentId);
            }
            workflows.insertNode(caller.accountId(), id, template.name(), template.templateType(), experimentId);
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        experiments.checkPolicies(stepExperiments);
        stopConditions.attachToWorkflow(caller.accountId(), id, manifest.spec().stopConditions());
        return id;
    }

    /** A status check runs as an experiment of the workflow's own: its probes, on its infrastructure, injecting nothing. */
    private UUID statusCheck(
            ProjectScope scope,
            String namespace,
            String workflow,
            Template template,
            int index,
            UUID workflowId,
            List<FieldProblem> problems) {
        String name = (workflow + "-" + template.name());
        name = name.length() > 63 ? name.substring(0, 63).replaceAll("-+$", "") : name;
        ExperimentManifest check = new ExperimentManifest(
                ExperimentManifest.API_VERSION,
                ExperimentManifest.KIND,
                new ExperimentManifest.Metadata(name, namespace, Map.of("chaosplane.io/workflow", workflow), null),
                new ExperimentManifest.Spec(
                        new ExperimentManifest.Target(
                                null, null, null, template.statusCheck().infrastructure()),
                        new ExperimentManifest.Action("linux-status-check", null),
                        template.statusCheck().duration() == null
                                ? "1s"
                                : template.statusCheck().duration(),
                        template.statusCheck().probes(),
                        1,
                        null));
        try {
            return experiments.define(scope, check, workflowId);
        } catch (InvalidInputException invalid) {
            String path = "spec.templates[" + index + "].statusCheck.";
            invalid.fieldProblems()
                    .forEach(problem -> problems.add(new FieldProblem(
                            path + problem.field().replaceFirst("^spec\\.(target\\.)?", ""), problem.message())));
            return null;
        }
    }

    @Transactional(readOnly = true)
    public ListResponse<WorkflowSummary> list(ProjectScope scope, String namespace, String phase, Paging paging) {
        guard.require(Permission.READ, scope, scope.toString());
        List<WorkflowSummary> items = workflows
                .list(
                        scope.accountId(),
                        scope.organization(),
                        scope.project(),
                        namespace,
                        phase,
                        paging.limit(),
                        paging.offset())
                .stream()
                .map(this::summary)
                .toList();
        return ListResponse.of(
                "WorkflowList",
                items,
                workflows.count(scope.accountId(), scope.organization(), scope.project(), namespace, phase),
                paging);
    }

    @Transactional(readOnly = true)
    public WorkflowDetail get(ProjectScope scope, String namespace, String name) {
        return detail(find(scope, namespace, name, Permission.READ));
    }

    /** Aborts the workflow (operator): its running experiments are aborted; 409 when it finished or is aborting. */
    @Transactional
    public WorkflowDetail abort(ProjectScope scope, String namespace, String name) {
        WorkflowRow workflow = locked(find(scope, namespace, name, Permission.OPERATE));
        if (workflow.phase().isFinished() || workflow.abortRequestedAt() != null) {
            throw new ConflictException(
                    "workflow '" + name + "' is " + workflow.phase().name().toLowerCase());
        }
        engine.abort(workflow);
        return detail(locked(workflow));
    }

    /** Resumes a workflow waiting in a suspend step (operator); 409 when it is not suspended. */
    @Transactional
    public WorkflowDetail resume(ProjectScope scope, String namespace, String name) {
        WorkflowRow workflow = locked(find(scope, namespace, name, Permission.OPERATE));
        if (workflow.phase() != WorkflowPhase.Suspended) {
            throw new ConflictException(
                    "workflow '" + name + "' is " + workflow.phase().name().toLowerCase() + ", not suspended");
        }
        for (NodeRow node : workflows.nodes(workflow.accountId(), workflow.id())) {
            if (node.phase() == WorkflowPhase.Suspended) {
                workflows.updateNode(
                        workflow.accountId(),
                        workflow.id(),
                        new NodeRow(
                                node.name(),
                                node.type(),
                                node.phase(),
                                node.runId(),
                                node.experimentId(),
                                node.message(),
                                node.startedAt(),
                                node.finishedAt(),
                                node.deadlineAt(),
                                true));
            }
        }
        engine.advance(workflow);
        return detail(locked(workflow));
    }

    /** Deletes a finished workflow (admin) with the experiments it made for its status checks. */
    @Transactional
    public void delete(ProjectScope scope, String namespace, String name) {
        WorkflowRow workflow = find(scope, namespace, name, Permission.MANAGE);
        if (!workflow.phase().isFinished()) {
            throw new ConflictException(
                    "workflow '" + name + "' is " + workflow.phase().name().toLowerCase() + "; abort it first");
        }
        workflows.delete(workflow.accountId(), workflow.id());
    }

    private WorkflowRow find(ProjectScope scope, String namespace, String name, Permission permission) {
        String what = "workflow '" + namespace + "/" + name + "'";
        guard.require(permission, scope, what);
        return workflows
                .find(scope.accountId(), scope.organization(), scope.project(), namespace, name)
                .orElseThrow(() -> new NotFoundException(what + " not found"));
    }

    private WorkflowRow locked(WorkflowRow workflow) {
        return workflows.lock(workflow.accountId(), workflow.id()).orElseThrow();
    }

    private WorkflowSummary summary(WorkflowRow workflow) {
        WorkflowManifest manifest = json.readValue(workflow.manifest(), WorkflowManifest.class);
        return new WorkflowSummary(
                workflow.name(),
                workflow.namespace(),
                workflow.phase().name(),
                manifest.spec().entry(),
                manifest.spec().templates().size(),
                workflow.startedAt(),
                workflow.finishedAt(),
                workflow.id(),
                workflow.organization(),
                workflow.project());
    }

    private WorkflowDetail detail(WorkflowRow workflow) {
        WorkflowManifest manifest = json.readValue(workflow.manifest(), WorkflowManifest.class);
        Map<String, Template> templates =
                manifest.spec().templates().stream().collect(Collectors.toMap(Template::name, template -> template));
        List<NodeStatus> nodes = workflows.nodes(workflow.accountId(), workflow.id()).stream()
                .map(node -> new NodeStatus(
                        node.name(),
                        node.type(),
                        node.phase().name(),
                        node.runId(),
                        node.message(),
                        node.startedAt(),
                        node.finishedAt(),
                        node.deadlineAt(),
                        templates.get(node.name()).children() == null
                                ? List.of()
                                : templates.get(node.name()).children()))
                .toList();
        return new WorkflowDetail(
                WorkflowManifest.API_VERSION,
                WorkflowManifest.KIND,
                new WorkflowViews.Metadata(
                        workflow.name(),
                        workflow.namespace(),
                        workflow.id().toString(),
                        workflow.createdAt(),
                        workflow.createdBy(),
                        workflow.organization(),
                        workflow.project()),
                manifest.spec(),
                new WorkflowViews.Status(
                        workflow.phase().name(),
                        workflow.message(),
                        workflow.startedAt(),
                        workflow.finishedAt(),
                        nodes));
    }
}
