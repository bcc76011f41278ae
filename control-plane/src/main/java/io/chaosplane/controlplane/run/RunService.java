package io.chaosplane.controlplane.run;

import io.chaosplane.controlplane.access.AccessGuard;
import io.chaosplane.controlplane.access.Caller;
import io.chaosplane.controlplane.access.Permission;
import io.chaosplane.controlplane.access.ResourceScope;
import io.chaosplane.controlplane.common.Cursor;
import io.chaosplane.controlplane.event.Events;
import io.chaosplane.controlplane.policy.Governance;
import io.chaosplane.controlplane.run.RunViews.RunSummary;
import io.chaosplane.controlplane.run.RunViews.RunView;
import io.chaosplane.protocol.linux.TaskLimits;
import io.chaosplane.service.web.ConflictException;
import io.chaosplane.service.web.ForbiddenException;
import io.chaosplane.service.web.ListResponse;
import io.chaosplane.service.web.NotFoundException;
import io.chaosplane.service.web.Paging;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Runs of experiments: started from a plan, watched, aborted. */
@Service
public class RunService {

    private final RunLedger ledger;
    private final RunReader reader;
    private final TaskQueue queue;
    private final RunProgress progress;
    private final AccessGuard guard;
    private final Events events;
    private final List<RunStartGate> gates;
    private final Clock clock;

    RunService(
            RunLedger ledger,
            RunReader reader,
            TaskQueue queue,
            RunProgress progress,
            AccessGuard guard,
            Events events,
            List<RunStartGate> gates,
            Clock clock) {
        this.ledger = ledger;
        this.reader = reader;
        this.queue = queue;
        this.progress = progress;
        this.guard = guard;
        this.events = events;
        this.gates = List.copyOf(gates);
        this.clock = clock;
    }

    /**
     * Starts a run (operator of the project) that passed its governance: its first step's tasks are queued for their
     * agents at once, or once an operator approves, when a policy asks for that. Every {@link RunStartGate} (a halt
     * in force) may refuse it first.
     */
    @Transactional
    public RunView start(RunPlan plan, Governance governance) {
        return start(plan, governance, Map.of());
    }

    /**
     * As {@link #start(RunPlan, Governance)}, each fault's task carrying the limits its policies set now (by fault
     * name; a fault not named carries none), which its agent checks again before it injects anything.
     */
    @Transactional
    public RunView start(RunPlan plan, Governance governance, Map<String, TaskLimits> limits) {
        Caller caller = guard.require(
                Permission.OPERATE,
                ResourceScope.project(plan.organization(), plan.project()),
                "experiment '" + plan.namespace() + "/" + plan.experimentName() + "'");
        gates.forEach(gate -> gate.check(caller.accountId(), plan));
        UUID runId = ledger.insertRun(caller.accountId(), plan, governance, limits, caller.actor(), clock.instant());
        RunRow run = ledger.find(caller.accountId(), runId).orElseThrow().run();
        List<Events.Entry> happened = new ArrayList<>();
        if (governance.approvalRequired()) {
            happened.add(new Events.Entry(
                    Events.Type.Normal,
                    "ApprovalRequired",
                    "run " + run.runSequence() + " waits for an operator's approval",
                    clock.instant()));
        } else {
            enqueueFirst(caller.accountId(), runId, plan.wholeRun());
        }
        happened.add(new Events.Entry(
                Events.Type.Normal,
                "RunQueued",
                "run " + run.runSequence() + " queued by " + caller.actor() + ": " + plan.faultCount() + " fault(s) in "
                        + plan.steps().size() + " step(s)",
                clock.instant()));
        events.record(caller.accountId(), RunProgress.subject(run), happened);
        progress.publishAfterCommit(caller.accountId(), run, RunPhase.Pending);
        return reader.view(caller.accountId(), runId).orElseThrow();
    }

    @Transactional(readOnly = true)
    public RunView get(UUID runId) {
        RunView run = reader.view(guard.caller().accountId(), runId).orElseThrow(() -> notFound(runId));
        guard.require(Permission.READ, scopeOf(run), describe(runId));
        return run;
    }

    /** The runs of an experiment the caller may read (the experiment feature checked that), newest first. */
    @Transactional(readOnly = true)
    public ListResponse<RunSummary> list(UUID experimentId, Paging paging, String cursor) {
        String account = guard.caller().accountId();
        Cursor after = Cursor.decode(RunReader.CURSOR, 1, cursor, paging);
        List<RunSummary> page = reader.summaries(account, experimentId, paging, after);
        return ListResponse.of("RunList", page, reader.countRuns(account, experimentId), paging)
                .withCursor(
                        page.size() < paging.limit()
                                ? null
                                : Cursor.encode(RunReader.CURSOR, page.getLast().runSequence()));
    }

    /** The latest run of each experiment, by experiment id. */
    @Transactional(readOnly = true)
    public Map<UUID, RunSummary> latest(List<UUID> experimentIds) {
        return reader.latestRuns(guard.caller().accountId(), experimentIds).stream()
                .collect(Collectors.toMap(RunSummary::experimentId, Function.identity()));
    }

    @Transactional(readOnly = true)
    public Optional<RunSummary> latest(UUID experimentId) {
        return Optional.ofNullable(latest(List.of(experimentId)).get(experimentId));
    }

    /** Aborts a run (operator): 409 when it finished, or when it is being aborted already. */
    @Transactional
    public RunView abort(UUID runId) {
        String account = guard.caller().accountId();
        RunState state = lockToOperate(account, runId);
        RunRow run = state.run();
        if (!run.phase().canMoveTo(RunPhase.Aborted)) {
            throw new ConflictException(
                    "run " + runId + " is " + run.phase().name().toLowerCase() + " already");
        }
        if (run.abortRequestedAt() != null) {
            throw new ConflictException("run " + runId + " is being aborted already");
        }
        progress.abort(account, state);
        return reader.view(account, runId).orElseThrow();
    }

    /**
     * Approves a run a policy held for approval (operator other than the run's author: four eyes, else 403): its
     * first step goes out; 409 unless it waits.
     */
    @Transactional
    public RunView approve(UUID runId) {
        Caller caller = guard.caller();
        RunRow run = lockToOperate(caller.accountId(), runId).run();
        if (!run.awaitingApproval() || run.abortRequestedAt() != null) {
            throw new ConflictException("run " + runId + " does not wait for an approval");
        }
        String author = reader.view(caller.accountId(), runId).orElseThrow().createdBy();
        if (caller.actor().equals(author)) {
            throw new ForbiddenException("run " + runId + " was started by " + author
                    + ", who cannot approve it too: another operator must (four eyes)");
        }
        ledger.approve(caller.accountId(), runId, caller.actor(), clock.instant());
        enqueueFirst(caller.accountId(), runId, run.wholeRun());
        events.record(
                caller.accountId(),
                Events.Type.Normal,
                "RunApproved",
                RunProgress.subject(run),
                "run " + run.runSequence() + " approved by " + caller.actor());
        return reader.view(caller.accountId(), runId).orElseThrow();
    }

    /** Pauses a running run (operator): its faults are reverted and their clocks stop; 409 unless it is running. */
    @Transactional
    public RunView pause(UUID runId) {
        String account = guard.caller().accountId();
        RunState state = lockToOperate(account, runId);
        RunRow run = state.run();
        if (!run.phase().canMoveTo(RunPhase.Paused) || run.abortRequestedAt() != null) {
            throw new ConflictException("run " + runId + " is " + phaseOf(run) + "; only a running run can be paused");
        }
        if (run.wholeRun()) {
            throw new ConflictException("run " + runId + " runs on a Kubernetes chaos runner, which takes the whole run"
                    + " at once and cannot pause it; abort it instead");
        }
        progress.pause(account, state);
        return reader.view(account, runId).orElseThrow();
    }

    /** Resumes a paused run (operator): its faults go back in force for what remains of them; 409 unless paused. */
    @Transactional
    public RunView resume(UUID runId) {
        String account = guard.caller().accountId();
        RunState state = lockToOperate(account, runId);
        RunRow run = state.run();
        if (run.phase() != RunPhase.Paused || run.abortRequestedAt() != null) {
            throw new ConflictException("run " + runId + " is " + phaseOf(run) + "; only a paused run can be resumed");
        }
        progress.resume(account, state);
        return reader.view(account, runId).orElseThrow();
    }

    /** The run locked for an operator's action: 404 when there is none, 403 for a caller who may not operate it. */
    private RunState lockToOperate(String accountId, UUID runId) {
        RunState state = ledger.lock(accountId, runId).orElseThrow(() -> notFound(runId));
        RunRow run = state.run();
        guard.require(Permission.OPERATE, ResourceScope.project(run.organization(), run.project()), describe(runId));
        return state;
    }

    /** The first step's tasks, or the whole run as one task for an agent that runs the steps itself. */
    private void enqueueFirst(String accountId, UUID runId, boolean wholeRun) {
        if (wholeRun) {
            queue.enqueueRun(accountId, runId, clock.instant());
        } else {
            queue.enqueue(accountId, runId, 0, null, clock.instant());
        }
    }

    private static String phaseOf(RunRow run) {
        return run.abortRequestedAt() != null && !run.phase().isFinished()
                ? "being aborted"
                : run.phase().name().toLowerCase();
    }

    private static ResourceScope scopeOf(RunView run) {
        return ResourceScope.project(run.organizationIdentifier(), run.projectIdentifier());
    }

    private static NotFoundException notFound(UUID runId) {
        return new NotFoundException(describe(runId) + " not found");
    }

    private static String describe(UUID runId) {
        return "run '" + runId + "'";
    }
}
