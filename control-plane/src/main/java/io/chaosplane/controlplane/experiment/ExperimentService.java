package io.chaosplane.controlplane.experiment;

import io.chaosplane.controlplane.access.AccessGuard;
import io.chaosplane.controlplane.access.Caller;
import io.chaosplane.controlplane.access.Permission;
import io.chaosplane.controlplane.access.ProjectScope;
import io.chaosplane.controlplane.experiment.ExperimentManifest.Action;
import io.chaosplane.controlplane.experiment.ExperimentManifest.Target;
import io.chaosplane.controlplane.experiment.ExperimentViews.AffectedResource;
import io.chaosplane.controlplane.experiment.ExperimentViews.Condition;
import io.chaosplane.controlplane.experiment.ExperimentViews.DetailMetadata;
import io.chaosplane.controlplane.experiment.ExperimentViews.ExperimentDetail;
import io.chaosplane.controlplane.experiment.ExperimentViews.ExperimentSummary;
import io.chaosplane.controlplane.experiment.ExperimentViews.Status;
import io.chaosplane.controlplane.infra.InfrastructureService;
import io.chaosplane.controlplane.policy.Governance;
import io.chaosplane.controlplane.policy.Guardrails;
import io.chaosplane.controlplane.policy.RunCandidate;
import io.chaosplane.controlplane.run.RunPhase;
import io.chaosplane.controlplane.run.RunPlan;
import io.chaosplane.controlplane.run.RunService;
import io.chaosplane.controlplane.run.RunViews.RunSummary;
import io.chaosplane.controlplane.run.RunViews.RunView;
import io.chaosplane.controlplane.stopcondition.StopConditions;
import io.chaosplane.controlplane.tenancy.ScopeDirectory;
import io.chaosplane.protocol.linux.TaskLimits;
import io.chaosplane.service.web.ConflictException;
import io.chaosplane.service.web.FieldProblem;
import io.chaosplane.service.web.InvalidInputException;
import io.chaosplane.service.web.ListResponse;
import io.chaosplane.service.web.NotFoundException;
import io.chaosplane.service.web.Paging;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Experiments (seed 000): a manifest, checked against the fault catalogue, saved, and started at once; run again,
 * aborted, listed with the phase of their latest run. An experiment lives in one project, which a request names
 * with {@code organizationIdentifier}/{@code projectIdentifier}, or which its API key is limited to.
 */
@Service
public class ExperimentService {

    private final ExperimentStore experiments;
    private final ManifestPlanner planner;
    private final RunService runs;
    private final InfrastructureService infrastructures;
    private final AccessGuard guard;
    private final ScopeDirectory scopes;
    private final Guardrails guardrails;
    private final JsonMapper json;
    private final StopConditions stopConditions;
    private final Clock clock;

    ExperimentService(
            ExperimentStore experiments,
            ManifestPlanner planner,
            RunService runs,
            InfrastructureService infrastructures,
            AccessGuard guard,
            ScopeDirectory scopes,
            Guardrails guardrails,
            JsonMapper json,
            StopConditions stopConditions,
            Clock clock) {
        this.experiments = experiments;
        this.planner = planner;
        this.runs = runs;
        this.infrastructures = infrastructures;
        this.guard = guard;
        this.scopes = scopes;
        this.guardrails = guardrails;
        this.json = json;
        this.stopConditions = stopConditions;
        this.clock = clock;
    }

    /** Saves the experiment (admin of the project) and starts its first run. */
    @Transactional
    public ExperimentDetail create(ProjectScope scope, ExperimentManifest manifest) {
        Caller caller = guard.require(Permission.MANAGE, scope, scope.toString());
        scopes.requireExists(scope);
        ManifestPlanner.Identity identity = requireNewName(scope, manifest);
        UUID id = UUID.randomUUID();
        RunPlan plan = planner.plan(id, scope.resource(), manifest);
        RunCandidate candidate = candidate(plan);
        Governance governance = guardrails.evaluate(caller.accountId(), candidate);
        Experiment experiment = insert(caller, scope, identity, id, plan, manifest, null);
        RunView run = start(plan, governance, guardrails.limits(caller.accountId(), candidate), manifest);
        return detail(experiment, run);
    }

    /** What {@link #apply} did, or would do on a dry run. */
    public enum Change {
        created,
        updated,
        unchanged
    }

    /** The experiment as applied (as it would be, on a dry run) and what changed. */
    public record Applied(Change change, ExperimentDetail experiment) {}

    /**
     * Creates or updates the experiment named in the path (admin of the project) without starting a run: a manifest
     * equal to the stored one changes nothing, so that applying the same file twice is harmless. A dry run checks
     * the manifest exactly as a real one does and stores nothing. An experiment a workflow made for itself is the
     * workflow's (409).
     */
    @Transactional
    public Applied apply(
            ProjectScope scope, String namespace, String name, ExperimentManifest manifest, boolean dryRun) {
        Caller caller = guard.require(Permission.MANAGE, scope, scope.toString());
        scopes.requireExists(scope);
        ManifestPlanner.Identity identity = planner.identity(manifest);
        List<FieldProblem> problems = new ArrayList<>();
        if (!identity.name().equals(name)) {
            problems.add(new FieldProblem("metadata.name", "must be '" + name + "', as in the path"));
        }
        if (!identity.namespace().equals(namespace)) {
            problems.add(new FieldProblem("metadata.namespace", "must be '" + namespace + "', as in the path"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        Optional<Experiment> existing = experiments.find(scope, namespace, name);
        UUID id = existing.map(Experiment::id).orElseGet(UUID::randomUUID);
        RunPlan plan = planner.plan(id, scope.resource(), manifest);
        String manifestJson = json.writeValueAsString(manifest);
        if (existing.isEmpty()) {
            Experiment experiment = dryRun
                    ? experiment(caller, scope, identity, id, plan, manifestJson, null)
                    : insert(caller, scope, identity, id, plan, manifest, null);
            return new Applied(Change.created, detail(experiment, null));
        }
        Experiment stored = existing.get();
        if (stored.ownerWorkflowId() != null) {
            throw new ConflictException("experiment '" + name + "' belongs to the workflow that made it");
        }
        RunView latest =
                runs.latest(stored.id()).map(run -> runs.get(run.runId())).orElse(null);
        if (json.readTree(stored.manifest()).equals(json.readTree(manifestJson))) {
            return new Applied(Change.unchanged, detail(stored, latest));
        }
        Experiment updated = stored.withManifest(
                manifestJson, plan.steps().getFirst().getFirst().infrastructureId(), clock.instant());
        if (!dryRun) {
            experiments.update(updated);
        }
        return new Applied(Change.updated, detail(updated, latest));
    }

    /**
     * Saves an experiment without starting it, for a workflow that runs it as one of its steps and deletes it with
     * itself. Answers its id.
     */
    @Transactional
    public UUID define(ProjectScope scope, ExperimentManifest manifest, UUID ownerWorkflowId) {
        Caller caller = guard.require(Permission.MANAGE, scope, scope.toString());
        ManifestPlanner.Identity identity = requireNewName(scope, manifest);
        UUID id = UUID.randomUUID();
        RunPlan plan = planner.plan(id, scope.resource(), manifest);
        return insert(caller, scope, identity, id, plan, manifest, ownerWorkflowId)
                .id();
    }

    /** The manifest's name and namespace; 409 when the project has an experiment of that name there already. */
    private ManifestPlanner.Identity requireNewName(ProjectScope scope, ExperimentManifest manifest) {
        ManifestPlanner.Identity identity = planner.identity(manifest);
        if (experiments.exists(scope, identity.namespace(), identity.name())) {
            throw new ConflictException(
                    "experiment '" + identity.name() + "' already exists in namespace '" + identity.namespace() + "'");
        }
        return identity;
    }

    private Experiment insert(
            Caller caller,
            ProjectScope scope,
            ManifestPlanner.Identity identity,
            UUID id,
            RunPlan plan,
            ExperimentManifest manifest,
            UUID ownerWorkflowId) {
        Experiment experiment =
                experiment(caller, scope, identity, id, plan, json.writeValueAsString(manifest), ownerWorkflowId);
        experiments.insert(experiment);
        return experiment;
    }

    private Experiment experiment(
            Caller caller,
            ProjectScope scope,
            ManifestPlanner.Identity identity,
            UUID id,
            RunPlan plan,
            String manifestJson,
            UUID ownerWorkflowId) {
        Instant now = clock.instant();
        return new Experiment(
                id,
                scope.accountId(),
                scope.organization(),
                scope.project(),
                identity.namespace(),
                identity.name(),
                plan.steps().getFirst().getFirst().infrastructureId(),
                manifestJson,
                ownerWorkflowId,
                caller.actor(),
                now,
                now);
    }

    /** The id of an experiment of the project, for workflows that name their steps' experiments. */
    @Transactional(readOnly = true)
    public Optional<UUID> idOf(ProjectScope scope, String namespace, String name) {
        guard.require(Permission.READ, scope, scope.toString());
        return experiments.find(scope, namespace, name).map(Experiment::id);
    }

    /** Starts another run of the experiment (operator), as {@link #run} does; for workflows. */
    @Transactional
    public RunView runById(UUID experimentId) {
        Experiment experiment = experiments
                .findById(guard.caller().accountId(), experimentId)
                .orElseThrow(() -> new NotFoundException("experiment '" + experimentId + "' not found"));
        return run(experiment.scope(), experiment.namespace(), experiment.name());
    }

    /** The plans of the experiments, checked against the project's policies without starting them (workflows). */
    @Transactional(readOnly = true)
    public void checkPolicies(List<UUID> experimentIds) {
        for (UUID id : experimentIds) {
            Experiment experiment =
                    experiments.findById(guard.caller().accountId(), id).orElseThrow();
            RunPlan plan = planner.plan(experiment.id(), experiment.scope().resource(), manifestOf(experiment));
            guardrails.evaluate(experiment.accountId(), candidate(plan));
        }
    }

    @Transactional(readOnly = true)
    public ListResponse<ExperimentSummary> list(ProjectScope scope, String namespace, String phase, Paging paging) {
        guard.require(Permission.READ, scope, scope.toString());
        List<Experiment> page = experiments.list(scope, namespace, phase, paging);
        Map<UUID, RunSummary> latest =
                runs.latest(page.stream().map(Experiment::id).toList());
        List<ExperimentSummary> items = page.stream()
                .map(experiment -> summary(experiment, latest.get(experiment.id())))
                .toList();
        long total = experiments.count(scope, namespace, phase);
        return ListResponse.of("ExperimentList", items, total, paging);
    }

    @Transactional(readOnly = true)
    public ExperimentDetail get(ProjectScope scope, String namespace, String name) {
        Experiment experiment = find(scope, namespace, name, Permission.READ);
        RunView run = runs.latest(experiment.id())
                .map(summary -> runs.get(summary.runId()))
                .orElse(null);
        return detail(experiment, run);
    }

    /** Starts another run (operator); 409 while one is in progress. */
    @Transactional
    public RunView run(ProjectScope scope, String namespace, String name) {
        Experiment experiment = find(scope, namespace, name, Permission.OPERATE);
        runs.latest(experiment.id())
                .filter(latest -> !latest.phase().isFinished())
                .ifPresent(latest -> {
                    throw new ConflictException("run " + latest.runSequence() + " of experiment '" + name + "' is "
                            + latest.phase().name().toLowerCase() + "; abort it or wait for it to finish");
                });
        ExperimentManifest manifest = manifestOf(experiment);
        RunPlan plan = planner.plan(experiment.id(), experiment.scope().resource(), manifest);
        RunCandidate candidate = candidate(plan);
        return start(
                plan,
                guardrails.evaluate(experiment.accountId(), candidate),
                guardrails.limits(experiment.accountId(), candidate),
                manifest);
    }

    /** Starts a run of the plan, with the manifest's stop conditions checked while it goes. */
    private RunView start(
            RunPlan plan, Governance governance, Map<String, TaskLimits> limits, ExperimentManifest manifest) {
        RunView run = runs.start(plan, governance, limits);
        stopConditions.attach(
                guard.caller().accountId(), run.runId(), manifest.spec().stopConditions());
        return run;
    }

    /** What the policies judge: each fault with where it runs (its infrastructure's environment) and for how long. */
    private RunCandidate candidate(RunPlan plan) {
        List<RunCandidate.Fault> faults = new ArrayList<>();
        for (int stepIndex = 0; stepIndex < plan.steps().size(); stepIndex++) {
            for (RunPlan.Fault fault : plan.steps().get(stepIndex)) {
                String environment = infrastructures
                        .findVisible(fault.infrastructureId())
                        .map(infrastructure -> infrastructure.environmentIdentifier())
                        .orElse(null);
                faults.add(new RunCandidate.Fault(
                        fault.name(),
                        fault.chaos().experiment(),
                        fault.infrastructureId(),
                        environment,
                        fault.durationSeconds(),
                        podsAffected(fault),
                        stepIndex));
            }
        }
        return new RunCandidate(plan.organization(), plan.project(), plan.namespace(), plan.experimentName(), faults);
    }

    private static Integer podsAffected(RunPlan.Fault fault) {
        return fault.chaos().inputs().stream()
                .filter(input -> input.name().equalsIgnoreCase("PODS_AFFECTED_PERC")
                        || input.name().equalsIgnoreCase("POD_AFFECTED_PERCENTAGE"))
                .map(input -> input.value())
                .filter(value -> value != null && value.matches("\\d{1,3}"))
                .map(Integer::valueOf)
                .findFirst()
                .orElse(null);
    }

    /** Aborts the run in progress (operator); 409 when none is, or when it is being aborted already. */
    @Transactional
    public ExperimentDetail abort(ProjectScope scope, String namespace, String name) {
        Experiment experiment = find(scope, namespace, name, Permission.OPERATE);
        return detail(experiment, runs.abort(runInProgress(experiment).runId()));
    }

    /** Pauses the run in progress (operator): its faults are reverted and their clocks stop. */
    @Transactional
    public ExperimentDetail pause(ProjectScope scope, String namespace, String name) {
        Experiment experiment = find(scope, namespace, name, Permission.OPERATE);
        return detail(experiment, runs.pause(runInProgress(experiment).runId()));
    }

    /** Resumes the paused run (operator) for what remains of its faults. */
    @Transactional
    public ExperimentDetail resume(ProjectScope scope, String namespace, String name) {
        Experiment experiment = find(scope, namespace, name, Permission.OPERATE);
        return detail(experiment, runs.resume(runInProgress(experiment).runId()));
    }

    private RunSummary runInProgress(Experiment experiment) {
        return runs.latest(experiment.id())
                .filter(run -> !run.phase().isFinished())
                .orElseThrow(() -> new ConflictException("experiment '" + experiment.name() + "' has no run in"
                        + " progress; it is "
                        + runs.latest(experiment.id())
                                .map(run -> run.phase().name())
                                .orElse("not started")
                                .toLowerCase()));
    }

    /** Deletes the experiment and its runs (admin); 409 while a run is in progress, which must be aborted first. */
    @Transactional
    public void delete(ProjectScope scope, String namespace, String name) {
        Experiment experiment = find(scope, namespace, name, Permission.MANAGE);
        runs.latest(experiment.id()).filter(run -> !run.phase().isFinished()).ifPresent(run -> {
            throw new ConflictException("experiment '" + name + "' has a run in progress; abort it first");
        });
        experiments.delete(experiment);
    }

    @Transactional(readOnly = true)
    public ListResponse<RunSummary> runsOf(ProjectScope scope, String namespace, String name, Paging paging) {
        Experiment experiment = find(scope, namespace, name, Permission.READ);
        return runs.list(experiment.id(), paging);
    }

    private Experiment find(ProjectScope scope, String namespace, String name, Permission permission) {
        String what = "experiment '" + namespace + "/" + name + "'";
        guard.require(permission, scope, what);
        return experiments.find(scope, namespace, name).orElseThrow(() -> new NotFoundException(what + " not found"));
    }

    private ExperimentManifest manifestOf(Experiment experiment) {
        return json.readValue(experiment.manifest(), ExperimentManifest.class);
    }

    private ExperimentSummary summary(Experiment experiment, RunSummary run) {
        ExperimentManifest manifest = manifestOf(experiment);
        var spec = manifest.spec();
        Action action = spec.action() != null
                ? spec.action()
                : spec.steps().getFirst().getFirst().action();
        Target target = spec.target() != null
                ? spec.target()
                : spec.steps().getFirst().getFirst().target();
        return new ExperimentSummary(
                experiment.name(),
                experiment.namespace(),
                run == null ? RunPhase.Pending.name() : run.phase().name(),
                target,
                action,
                spec.duration(),
                run == null ? null : run.startedAt(),
                run == null ? null : run.finishedAt(),
                experiment.id(),
                run == null ? null : run.runId(),
                run == null ? null : run.resiliencyScore(),
                experiment.organization(),
                experiment.project());
    }

    private ExperimentDetail detail(Experiment experiment, RunView run) {
        ExperimentManifest manifest = manifestOf(experiment);
        Status status = run == null
                ? new Status(
                        RunPhase.Pending.name(), null, null, null, null, null, "", List.of(), affected(run), List.of())
                : new Status(
                        run.phase().name(),
                        run.startedAt(),
                        run.finishedAt(),
                        run.runId(),
                        run.runSequence(),
                        run.resiliencyScore(),
                        run.message(),
                        conditions(run),
                        affected(run),
                        run.steps());
        return new ExperimentDetail(
                ExperimentManifest.API_VERSION,
                ExperimentManifest.KIND,
                DetailMetadata.of(experiment, manifest.metadata()),
                manifest.spec(),
                status);
    }

    private static List<Condition> conditions(RunView run) {
        List<Condition> conditions = new ArrayList<>();
        conditions.add(new Condition(
                "Scheduled", "True", "RunQueued", "run " + run.runSequence() + " queued its tasks", run.createdAt()));
        conditions.add(new Condition(
                "Running",
                run.phase() == RunPhase.Running ? "True" : "False",
                run.phase().name(),
                run.startedAt() == null ? "no agent has taken a task yet" : "an agent took a task",
                Objects.requireNonNullElse(run.startedAt(), run.createdAt())));
        conditions.add(new Condition(
                "Finished",
                run.phase().isFinished() ? "True" : "False",
                run.phase().name(),
                run.message(),
                Objects.requireNonNullElse(run.finishedAt(), run.createdAt())));
        return conditions;
    }

    private List<AffectedResource> affected(RunView run) {
        if (run == null) {
            return List.of();
        }
        Map<UUID, AffectedResource> resources = new LinkedHashMap<>();
        run.steps().stream()
                .flatMap(step -> step.faults().stream())
                .map(fault -> fault.infrastructureId())
                .filter(Objects::nonNull)
                .distinct()
                .forEach(id -> infrastructures
                        .findVisible(id)
                        .ifPresent(infrastructure -> resources.put(
                                id,
                                new AffectedResource(
                                        infrastructure.type()
                                                        == io.chaosplane.controlplane.infra.InfrastructureType
                                                                .Kubernetes
                                                ? "KubernetesCluster"
                                                : "LinuxHost",
                                        infrastructure.name(),
                                        id.toString(),
                                        infrastructure.hostname()))));
        return List.copyOf(resources.values());
    }
}
