package io.chaosplane.controlplane.halt;

import io.chaosplane.controlplane.access.AccessGuard;
import io.chaosplane.controlplane.access.Caller;
import io.chaosplane.controlplane.access.Permission;
import io.chaosplane.controlplane.access.ResourceScope;
import io.chaosplane.controlplane.event.AuditTrail;
import io.chaosplane.controlplane.event.Events;
import io.chaosplane.controlplane.halt.HaltDtos.HaltProgress;
import io.chaosplane.controlplane.halt.HaltDtos.HaltView;
import io.chaosplane.controlplane.infra.InfrastructureDtos.InfrastructureView;
import io.chaosplane.controlplane.infra.InfrastructureService;
import io.chaosplane.controlplane.run.RunStops;
import io.chaosplane.controlplane.tenancy.ScopeDirectory;
import io.chaosplane.protocol.api.HaltRequest;
import io.chaosplane.service.web.ConflictException;
import io.chaosplane.service.web.FieldProblem;
import io.chaosplane.service.web.InvalidInputException;
import io.chaosplane.service.web.ListResponse;
import io.chaosplane.service.web.NotFoundException;
import io.chaosplane.service.web.Paging;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** Makes, lists and lifts halts; the web UI's pages use it as the API does. */
@Service
public class HaltService {

    private final HaltStore store;
    private final RunStops runs;
    private final ActiveHalts active;
    private final InfrastructureService infrastructures;
    private final ScopeDirectory directory;
    private final AccessGuard guard;
    private final Events events;
    private final AuditTrail audit;
    private final Clock clock;

    HaltService(
            HaltStore store,
            RunStops runs,
            ActiveHalts active,
            InfrastructureService infrastructures,
            ScopeDirectory directory,
            AccessGuard guard,
            Events events,
            AuditTrail audit,
            Clock clock) {
        this.store = store;
        this.runs = runs;
        this.active = active;
        this.infrastructures = infrastructures;
        this.directory = directory;
        this.guard = guard;
        this.events = events;
        this.audit = audit;
        this.clock = clock;
    }

    /** A halt as the API answers it, and whether it was made by this request (else an equal one was found). */
    public record Outcome(HaltView halt, boolean created) {}

    /**
     * Makes a halt (operator over its scope): every unfinished run of the scope is stopped, its agents told to revert,
     * and no run starts there until it is lifted. The same {@code Idempotency-Key} answers the halt it made; while an
     * equal halt is active, that one is answered.
     */
    @Transactional
    public Outcome create(HaltRequest request, String idempotencyKey) {
        Caller caller = guard.caller();
        Target target = target(request);
        guard.require(Permission.OPERATE, target.resource(), target.toString());
        String account = caller.accountId();
        store.lockToHalt(account);
        if (idempotencyKey != null) {
            var repeated = store.byIdempotencyKey(account, idempotencyKey);
            if (repeated.isPresent()) {
                return new Outcome(repeated.get(), false);
            }
        }
        var equal = store.activeEqual(account, target);
        if (equal.isPresent()) {
            return new Outcome(equal.get(), false);
        }
        UUID id = UUID.randomUUID();
        String reason = request.reason().strip();
        store.insert(account, id, target, reason, idempotencyKey, caller.actor(), clock.instant());
        RunStops.Stopped stopped = runs.stopAll(
                account,
                new RunStops.Scope(
                        target.scope() == HaltScope.ACCOUNT ? null : target.organization(),
                        target.scope() == HaltScope.ACCOUNT || target.scope() == HaltScope.ORGANIZATION
                                ? null
                                : target.project(),
                        target.environment(),
                        target.infrastructureId()),
                "halt " + id + ": " + reason);
        store.recordStopped(account, id, stopped.runIds().size(), stopped.faultsReverting());
        store.recordRuns(account, id, stopped.runIds());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("scope", target.toString());
        details.put("reason", reason);
        details.put("runsStopped", stopped.runIds().stream().map(UUID::toString).toList());
        details.put("faultsReverting", stopped.faultsReverting());
        audit.record("halt.create", id.toString(), details);
        events.record(
                account,
                Events.Type.Warning,
                "HaltCreated",
                subject(id, target.resource()),
                "halt of " + target + " by " + caller.actor() + ": " + reason + "; "
                        + stopped.runIds().size() + " run(s) stopped, " + stopped.faultsReverting()
                        + " fault(s) reverting");
        afterCommit(active::changed);
        return new Outcome(store.find(account, id).orElseThrow(), true);
    }

    /**
     * The account's active halts the caller can see, from this replica's memory (no query): for the banner every page
     * shows.
     */
    public List<ActiveHalt> activeVisible(String accountId) {
        return active.of(accountId).stream()
                .filter(halt -> guard.canSee(halt.target().resource()))
                .map(halt -> new ActiveHalt(halt.id(), halt.target().toString(), halt.reason()))
                .toList();
    }

    /**
     * How far the halt has got: the runs it stopped, each fault with its phase and whether it is reverted (no longer in
     * force: its agent reported it ended, or it never started); for the progress view after the Halt button.
     */
    @Transactional(readOnly = true)
    public HaltProgress progress(UUID id) {
        String account = guard.caller().accountId();
        HaltView halt = get(id);
        List<HaltProgress.Run> runViews = runs.views(account, store.runs(account, id)).stream()
                .map(run -> new HaltProgress.Run(
                        run.runId(),
                        run.experimentName(),
                        run.namespace(),
                        run.runSequence(),
                        run.phase().name(),
                        run.message(),
                        run.steps().stream()
                                .flatMap(step -> step.faults().stream())
                                .map(fault -> new HaltProgress.Fault(
                                        fault.name(),
                                        fault.faultType(),
                                        fault.infrastructureId(),
                                        fault.phase().name(),
                                        fault.phase().isTerminal()))
                                .toList()))
                .toList();
        int faults = runViews.stream().mapToInt(run -> run.faults().size()).sum();
        int reverted = (int) runViews.stream()
                .flatMap(run -> run.faults().stream())
                .filter(HaltProgress.Fault::reverted)
                .count();
        return new HaltProgress(halt, faults, reverted, reverted == faults, runViews);
    }

    /** An active halt as the banner shows it. */
    public record ActiveHalt(UUID id, String scope, String reason) {}

    @Transactional(readOnly = true)
    public HaltView get(UUID id) {
        HaltView halt = store.find(guard.caller().accountId(), id).orElseThrow(() -> notFound(id));
        guard.require(Permission.READ, resourceOf(halt), describe(id));
        return halt;
    }

    /** The account's halts the caller can see: active ones first, then the newest. */
    @Transactional(readOnly = true)
    public ListResponse<HaltView> list(Paging paging) {
        List<HaltView> visible = store.all(guard.caller().accountId()).stream()
                .filter(halt -> guard.canSee(resourceOf(halt)))
                .toList();
        int from = Math.min(paging.offset(), visible.size());
        int to = Math.min(from + paging.limit(), visible.size());
        return ListResponse.of("HaltList", visible.subList(from, to), visible.size(), paging);
    }

    /** Lifts a halt (admin over its scope): runs may start there again, agents take tasks again. */
    @Transactional
    public HaltView lift(UUID id) {
        Caller caller = guard.caller();
        HaltView halt = store.lockForLift(caller.accountId(), id).orElseThrow(() -> notFound(id));
        guard.require(Permission.MANAGE, resourceOf(halt), describe(id));
        if (!halt.active()) {
            throw new ConflictException(describe(id) + " was lifted already, by " + halt.liftedBy());
        }
        store.lift(caller.accountId(), id, caller.actor(), clock.instant());
        audit.record("halt.lift", id.toString(), Map.of("reason", halt.reason()));
        events.record(
                caller.accountId(),
                Events.Type.Normal,
                "HaltLifted",
                subject(id, resourceOf(halt)),
                "halt " + id + " lifted by " + caller.actor() + "; runs may start again");
        afterCommit(active::changed);
        return store.find(caller.accountId(), id).orElseThrow();
    }

    /** The request's target, each missing or unknown part named at its field. */
    private Target target(HaltRequest request) {
        HaltScope scope = HaltScope.fromWire(request.scope()).orElseThrow();
        List<FieldProblem> problems = new ArrayList<>();
        String org = request.organizationIdentifier();
        String project = request.projectIdentifier();
        String environment = request.environmentIdentifier();
        UUID infrastructure = request.infrastructureId();
        boolean needsProject = scope == HaltScope.PROJECT || scope == HaltScope.ENVIRONMENT;
        if ((scope == HaltScope.ORGANIZATION || needsProject) && isBlank(org)) {
            problems.add(new FieldProblem("organizationIdentifier", "is required for scope " + scope.wireName()));
        }
        if (needsProject && isBlank(project)) {
            problems.add(new FieldProblem("projectIdentifier", "is required for scope " + scope.wireName()));
        }
        if (scope == HaltScope.ENVIRONMENT && isBlank(environment)) {
            problems.add(new FieldProblem("environmentIdentifier", "is required for scope environment"));
        }
        if (scope == HaltScope.INFRASTRUCTURE && infrastructure == null) {
            problems.add(new FieldProblem("infrastructureId", "is required for scope infrastructure"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        String account = guard.caller().accountId();
        return switch (scope) {
            case ACCOUNT -> new Target(scope, null, null, null, null);
            case ORGANIZATION -> {
                directory.requireExists(account, ResourceScope.organization(org));
                yield new Target(scope, org, null, null, null);
            }
            case PROJECT -> {
                directory.requireExists(account, ResourceScope.project(org, project));
                yield new Target(scope, org, project, null, null);
            }
            case ENVIRONMENT -> {
                directory.requireExists(account, ResourceScope.project(org, project));
                yield new Target(scope, org, project, environment, null);
            }
            case INFRASTRUCTURE -> {
                InfrastructureView infra = infrastructures
                        .findVisible(infrastructure)
                        .orElseThrow(() -> new NotFoundException("infrastructure '" + infrastructure + "' not found"));
                yield new Target(
                        scope, infra.organizationIdentifier(), infra.projectIdentifier(), null, infrastructure);
            }
        };
    }

    static ResourceScope resourceOf(HaltView halt) {
        if (halt.organizationIdentifier() == null) {
            return ResourceScope.account();
        }
        return halt.projectIdentifier() == null
                ? ResourceScope.organization(halt.organizationIdentifier())
                : ResourceScope.project(halt.organizationIdentifier(), halt.projectIdentifier());
    }

    private static Events.Subject subject(UUID id, ResourceScope scope) {
        return new Events.Subject("Halt", "halt " + id, id.toString(), null, scope);
    }

    private static void afterCommit(Runnable action) {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                action.run();
            }
        });
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    private static NotFoundException notFound(UUID id) {
        return new NotFoundException(describe(id) + " not found");
    }

    private static String describe(UUID id) {
        return "halt '" + id + "'";
    }
}
