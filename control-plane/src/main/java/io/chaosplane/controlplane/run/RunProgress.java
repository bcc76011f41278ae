package io.chaosplane.controlplane.run;

import io.chaosplane.controlplane.event.Events;
import io.chaosplane.controlplane.run.RunStore.FaultRow;
import io.chaosplane.controlplane.run.RunStore.RunRow;
import io.chaosplane.protocol.linux.ChaosSpec;
import io.chaosplane.protocol.linux.ErrorOutput;
import io.chaosplane.protocol.linux.ExperimentInput;
import io.chaosplane.protocol.linux.TaskResult;
import io.chaosplane.protocol.linux.TaskStatus;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * How a run moves on: a fault's outcome arrives (from its agent, or from its lease running out), the step it
 * belongs to may be done, the next step is queued or the run ends with its score. Runs never move backwards: an
 * outcome for a finished fault changes nothing. Every method joins the caller's transaction.
 */
@Component
class RunProgress {

    private static final int MAX_LOG_CHARS = 1_000_000;

    private final RunStore runs;
    private final TaskQueue queue;
    private final Events events;
    private final ApplicationEventPublisher publisher;
    private final Clock clock;

    RunProgress(RunStore runs, TaskQueue queue, Events events, ApplicationEventPublisher publisher, Clock clock) {
        this.runs = runs;
        this.queue = queue;
        this.events = events;
        this.publisher = publisher;
        this.clock = clock;
    }

    /**
     * Records an agent's result for a fault it holds. Repeating a result changes nothing; a result for a fault whose
     * lease ran out replaces the "lost" outcome, since it is better news.
     *
     * @return false when the fault was finished already
     */
    boolean recordResult(String accountId, FaultRow lockedFault, TaskResult result, String logs) {
        if (lockedFault.phase().isTerminal() && !"LEASE_EXPIRED".equals(errorCodeOf(accountId, lockedFault))) {
            return false;
        }
        Instant now = clock.instant();
        if ("pause".equals(lockedFault.stopReason()) && result.taskStatus() == TaskStatus.STOPPED) {
            pausedByAgent(accountId, lockedFault, now);
            return true;
        }
        FaultPhase phase = phaseOf(result.taskStatus());
        FaultVerdict verdict = verdictOf(result, phase);
        ErrorOutput error = result.errorOutput();
        runs.finishFault(
                accountId,
                lockedFault.id(),
                phase,
                verdict,
                percentage(result.probeSuccessPercentage()),
                result.probeStatuses(),
                error == null ? null : error.errorCode(),
                error == null ? null : error.reason(),
                truncate(logs),
                now);
        queue.remove(accountId, lockedFault.id());
        RunRow run = runs.lockRun(accountId, lockedFault.runId()).orElseThrow();
        events.record(
                accountId,
                verdict == FaultVerdict.Pass ? Events.Type.Normal : Events.Type.Warning,
                "Fault" + phase.name(),
                subject(run),
                "fault " + lockedFault.name() + " (" + lockedFault.faultType()
                        + ") " + phase.name().toLowerCase() + ", verdict " + verdict.wireName()
                        + (error == null ? "" : ": " + error.errorCode()));
        advance(accountId, run);
        return true;
    }

    /**
     * A leased task whose agent went silent past the lease: the fault is lost, or stopped if it was aborted. For a
     * whole run every fault not yet done goes with it.
     */
    void leaseExpired(String accountId, UUID faultId, boolean abortRequested) {
        FaultRow fault = runs.lockFault(accountId, faultId).orElse(null);
        if (fault == null) {
            return;
        }
        RunRow run = runs.lockRun(accountId, fault.runId()).orElseThrow();
        List<FaultRow> lost = run.wholeRun()
                ? runs.faultsOf(accountId, run.id()).stream()
                        .filter(f -> !f.phase().isTerminal())
                        .toList()
                : fault.phase().isTerminal() ? List.of() : List.of(fault);
        if (lost.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        for (FaultRow gone : lost) {
            if (abortRequested) {
                runs.finishFault(
                        accountId,
                        gone.id(),
                        FaultPhase.Stopped,
                        FaultVerdict.Stopped,
                        null,
                        null,
                        null,
                        null,
                        null,
                        now);
            } else {
                runs.finishFault(
                        accountId,
                        gone.id(),
                        FaultPhase.Error,
                        FaultVerdict.NotApplicable,
                        null,
                        null,
                        "LEASE_EXPIRED",
                        "task lost contact: no result from its agent within the lease of " + (fault.durationSeconds())
                                + "s plus grace",
                        null,
                        now);
            }
        }
        events.record(
                accountId,
                Events.Type.Warning,
                "TaskLost",
                subject(run),
                "fault " + fault.name() + ": no result before its lease ran out"
                        + (abortRequested ? " (it was being aborted)" : ""));
        advance(accountId, run);
    }

    /**
     * Applies a whole run's news from its agent, fault by fault: a fault moves from waiting to running to done, never
     * back, and a done fault keeps its outcome (except one given up for lost, as with results). The run then moves on
     * as if the faults' results had come: the step, the phase, the score.
     *
     * @return whether anything changed
     */
    boolean applyUpdates(String accountId, RunRow lockedRun, List<FaultUpdate> updates) {
        // every writer of a whole run's faults holds the run's lock, which the caller has: no fault lock is needed
        java.util.Map<String, FaultRow> faults = new java.util.HashMap<>();
        runs.faultsOf(accountId, lockedRun.id()).forEach(fault -> faults.put(fault.name(), fault));
        Instant now = clock.instant();
        boolean changed = false;
        boolean finished = false;
        for (FaultUpdate update : updates) {
            FaultRow fault = faults.get(update.faultName());
            if (fault == null || update.phase() == null || !movesForward(accountId, fault, update.phase())) {
                continue;
            }
            changed = true;
            if (!update.phase().isTerminal()) {
                runs.markRunning(accountId, List.of(fault.id()), now);
                continue;
            }
            finished = true;
            runs.finishFault(
                    accountId,
                    fault.id(),
                    update.phase(),
                    update.phase() == FaultPhase.Stopped ? FaultVerdict.Stopped : update.verdict(),
                    update.probeSuccessPercentage(),
                    null,
                    update.errorCode(),
                    update.errorReason(),
                    null,
                    now);
            events.record(
                    accountId,
                    update.verdict() == FaultVerdict.Pass ? Events.Type.Normal : Events.Type.Warning,
                    "Fault" + update.phase().name(),
                    subject(lockedRun),
                    "fault " + fault.name() + " ("
                            + fault.faultType() + ") " + update.phase().name().toLowerCase() + ", verdict "
                            + update.verdict().wireName()
                            + (update.errorCode() == null ? "" : ": " + update.errorCode()));
        }
        if (finished) {
            advance(accountId, runs.lockRun(accountId, lockedRun.id()).orElseThrow());
        } else if (changed && lockedRun.phase() == RunPhase.Pending) {
            started(accountId, lockedRun.id());
        }
        return changed;
    }

    private boolean movesForward(String accountId, FaultRow fault, FaultPhase next) {
        if (fault.phase().isTerminal()) {
            return next.isTerminal()
                    && fault.verdict() == FaultVerdict.NotApplicable
                    && "LEASE_EXPIRED".equals(errorCodeOf(accountId, fault));
        }
        return next.isTerminal() || next == FaultPhase.Running && fault.phase() != FaultPhase.Running;
    }

    /**
     * The end of a whole run's task: it leaves the queue, and faults its agent never reported done are settled by the
     * task's result (stopped when it was stopped, else errors). Repeating it changes nothing.
     */
    void finishWholeRun(String accountId, FaultRow lockedCarrier, TaskResult result) {
        queue.remove(accountId, lockedCarrier.id());
        RunRow run = runs.lockRun(accountId, lockedCarrier.runId()).orElseThrow();
        boolean stopped = result.taskStatus() == TaskStatus.STOPPED;
        ErrorOutput error = result.errorOutput();
        List<FaultUpdate> unsettled = runs.faultsOf(accountId, run.id()).stream()
                .filter(fault -> !fault.phase().isTerminal())
                .map(fault -> new FaultUpdate(
                        fault.name(),
                        stopped ? FaultPhase.Stopped : FaultPhase.Error,
                        stopped ? FaultVerdict.Stopped : FaultVerdict.NotApplicable,
                        null,
                        stopped || error == null ? null : error.errorCode(),
                        stopped
                                ? null
                                : error == null
                                        ? "the runner ended the run without reporting this fault"
                                        : error.reason()))
                .toList();
        if (!applyUpdates(accountId, run, unsettled)) {
            advance(accountId, run);
        }
    }

    /** The first time an agent takes a task of the run, the run is running. */
    void started(String accountId, UUID runId) {
        RunRow run = runs.lockRun(accountId, runId).orElseThrow();
        if (run.phase() == RunPhase.Pending) {
            recompute(accountId, run, RunPhase.Running, run.currentStep(), null);
        }
    }

    /** Stops the run: its queued faults at once, its running ones when their agents answer. */
    void abort(String accountId, RunRow lockedRun) {
        Instant now = clock.instant();
        runs.requestAbort(accountId, lockedRun.id(), now);
        List<UUID> unstarted = queue.withdrawQueued(accountId, lockedRun.id());
        runs.markStopping(accountId, lockedRun.id(), "abort");
        queue.signalStop(accountId, lockedRun.id());
        runs.stopUnstarted(accountId, lockedRun.id(), now);
        events.record(
                accountId,
                Events.Type.Normal,
                "AbortRequested",
                subject(lockedRun),
                "abort requested; " + unstarted.size() + " queued task(s) withdrawn");
        advance(accountId, runs.lockRun(accountId, lockedRun.id()).orElseThrow());
    }

    /**
     * Pauses the run: tasks not yet taken wait again; agents revert the faults in force and stop their clocks, which
     * {@link #pausedByAgent} records when they report back.
     */
    void pause(String accountId, RunRow lockedRun) {
        Instant now = clock.instant();
        runs.backToPending(accountId, queue.withdrawQueued(accountId, lockedRun.id()));
        runs.markStopping(accountId, lockedRun.id(), "pause");
        queue.signalStop(accountId, lockedRun.id());
        runs.setPaused(accountId, lockedRun.id(), RunPhase.Paused, now);
        events.record(
                accountId,
                Events.Type.Normal,
                "RunPaused",
                subject(lockedRun),
                "run " + lockedRun.runSequence() + " paused: faults reverted, their clocks stopped");
        publishAfterCommit(accountId, lockedRun, RunPhase.Paused);
    }

    /** Resumes the run: its current step's waiting faults are queued again, each for what remains of it. */
    void resume(String accountId, RunRow lockedRun) {
        runs.setPaused(accountId, lockedRun.id(), RunPhase.Running, null);
        for (FaultRow fault : runs.faultsOf(accountId, lockedRun.id())) {
            if (fault.step() == lockedRun.currentStep()
                    && fault.phase() == FaultPhase.Pending
                    && fault.stopReason() == null) {
                runs.rewriteChaos(accountId, fault.id(), withDuration(fault.chaos(), fault.remainingSeconds()));
            }
        }
        queue.enqueue(accountId, lockedRun.id(), lockedRun.currentStep(), null, clock.instant());
        events.record(
                accountId,
                Events.Type.Normal,
                "RunResumed",
                subject(lockedRun),
                "run " + lockedRun.runSequence() + " resumed: faults back in force for what remains of them");
        publishAfterCommit(accountId, lockedRun, RunPhase.Running);
    }

    /** An agent reverted a fault for a pause; if the run was resumed meanwhile, the fault goes out again at once. */
    private void pausedByAgent(String accountId, FaultRow fault, Instant now) {
        runs.paused(accountId, fault.id(), now);
        queue.remove(accountId, fault.id());
        RunRow run = runs.lockRun(accountId, fault.runId()).orElseThrow();
        FaultRow updated = runs.lockFault(accountId, fault.id()).orElseThrow();
        events.record(
                accountId,
                Events.Type.Normal,
                "FaultReverted",
                subject(run),
                "fault " + fault.name() + " reverted for the pause after " + updated.elapsedSeconds() + "s in force");
        if (run.phase() == RunPhase.Running && run.abortRequestedAt() == null) {
            runs.rewriteChaos(accountId, fault.id(), withDuration(updated.chaos(), updated.remainingSeconds()));
            queue.enqueue(accountId, run.id(), run.currentStep(), fault.id(), now);
        } else if (run.abortRequestedAt() != null) {
            advance(accountId, run);
        }
    }

    private static ChaosSpec withDuration(ChaosSpec chaos, int seconds) {
        List<ExperimentInput> inputs = new java.util.ArrayList<>();
        for (ExperimentInput input : chaos.inputs()) {
            if (!input.name().equalsIgnoreCase("Duration")) {
                inputs.add(input);
            }
        }
        inputs.add(new ExperimentInput("Duration", seconds + "s"));
        return new ChaosSpec(chaos.experiment(), inputs, chaos.probes());
    }

    /** Moves the run on when its current step is done. The caller holds the run's lock. */
    private void advance(String accountId, RunRow run) {
        if (run.phase().isFinished()) {
            // a late result of a fault given up for lost: the score learns it, the run stays finished
            runs.updateRun(
                    accountId,
                    run.id(),
                    run.phase(),
                    run.currentStep(),
                    Tally.of(runs.faultsOf(accountId, run.id())),
                    null,
                    null,
                    null);
            return;
        }
        List<FaultRow> faults = runs.faultsOf(accountId, run.id());
        boolean stepDone = faults.stream()
                .filter(fault -> fault.step() == run.currentStep())
                .allMatch(fault -> fault.phase().isTerminal());
        if (!stepDone || run.phase() == RunPhase.Paused && run.abortRequestedAt() == null) {
            recompute(accountId, run, run.phase(), run.currentStep(), null);
            return;
        }
        int lastStep = faults.stream().mapToInt(FaultRow::step).max().orElse(0);
        if (run.abortRequestedAt() == null && run.currentStep() < lastStep) {
            int next = run.currentStep() + 1;
            queue.enqueue(accountId, run.id(), next, null, clock.instant());
            recompute(accountId, run, run.phase(), next, null);
            events.record(
                    accountId,
                    Events.Type.Normal,
                    "StepStarted",
                    subject(run),
                    "step " + (next + 1) + " of " + (lastStep + 1) + " queued");
            if (run.wholeRun()) {
                // the runner went on by itself: news of the next step may have come first
                advance(accountId, runs.lockRun(accountId, run.id()).orElseThrow());
            }
            return;
        }
        runs.stopUnstarted(accountId, run.id(), clock.instant());
        List<FaultRow> finalFaults = runs.faultsOf(accountId, run.id());
        RunPhase end = run.abortRequestedAt() != null
                ? RunPhase.Aborted
                : finalFaults.stream().anyMatch(fault -> fault.phase() == FaultPhase.Error)
                        ? RunPhase.Failed
                        : RunPhase.Completed;
        Tally tally = Tally.of(finalFaults);
        String message = switch (end) {
            case Aborted -> "aborted";
            case Failed -> "a fault could not be run or its agent lost contact";
            default -> "completed";
        };
        runs.updateRun(accountId, run.id(), end, run.currentStep(), tally, message, clock.instant(), clock.instant());
        events.record(
                accountId,
                end == RunPhase.Completed ? Events.Type.Normal : Events.Type.Warning,
                "Run" + end,
                subject(run),
                "run " + run.runSequence() + " " + message + "; resiliency score "
                        + (tally.score() == null
                                ? "none"
                                : tally.score().stripTrailingZeros().toPlainString()));
        publishAfterCommit(accountId, run, end);
    }

    private void recompute(String accountId, RunRow run, RunPhase phase, int currentStep, String message) {
        Tally tally = Tally.of(runs.faultsOf(accountId, run.id()));
        Instant started = phase == RunPhase.Running ? clock.instant() : null;
        runs.updateRun(accountId, run.id(), phase, currentStep, tally, message, started, null);
        if (phase != run.phase()) {
            events.record(
                    accountId,
                    Events.Type.Normal,
                    "Run" + phase,
                    subject(run),
                    "run " + run.runSequence() + " " + phase.name().toLowerCase());
            publishAfterCommit(accountId, run, phase);
        }
    }

    void publishAfterCommit(String accountId, RunRow run, RunPhase phase) {
        RunChanged change = new RunChanged(
                accountId,
                run.organization(),
                run.project(),
                run.id(),
                run.experimentId(),
                run.experimentName(),
                run.namespace(),
                phase,
                clock.instant());
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            publisher.publishEvent(change);
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                publisher.publishEvent(change);
            }
        });
    }

    static Events.Subject subject(RunRow run) {
        return new Events.Subject(
                "Experiment",
                run.experimentName(),
                run.experimentId().toString(),
                run.namespace(),
                io.chaosplane.controlplane.access.ResourceScope.project(run.organization(), run.project()));
    }

    private String errorCodeOf(String accountId, FaultRow fault) {
        return runs.errorCode(accountId, fault.id());
    }

    private static FaultPhase phaseOf(TaskStatus status) {
        if (status == null) {
            return FaultPhase.Error;
        }
        return switch (status) {
            case COMPLETED -> FaultPhase.Completed;
            case STOPPED -> FaultPhase.Stopped;
            case ERROR, RUNNING -> FaultPhase.Error;
        };
    }

    private static FaultVerdict verdictOf(TaskResult result, FaultPhase phase) {
        if (phase == FaultPhase.Stopped) {
            return FaultVerdict.Stopped;
        }
        if (result.verdict() == null) {
            return FaultVerdict.NotApplicable;
        }
        return switch (result.verdict()) {
            case PASS -> phase == FaultPhase.Completed ? FaultVerdict.Pass : FaultVerdict.NotApplicable;
            case FAIL -> FaultVerdict.Fail;
            case STOPPED -> FaultVerdict.Stopped;
            case ERROR -> FaultVerdict.NotApplicable;
        };
    }

    private static BigDecimal percentage(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            BigDecimal parsed = new BigDecimal(value.trim());
            return parsed.max(BigDecimal.ZERO).min(BigDecimal.valueOf(100));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String truncate(String logs) {
        if (logs == null || logs.length() <= MAX_LOG_CHARS) {
            return logs;
        }
        return logs.substring(logs.length() - MAX_LOG_CHARS);
    }
}
