package io.chaosplane.controlplane.run;

import io.chaosplane.controlplane.event.Events;
import io.chaosplane.protocol.linux.ErrorCode;
import io.chaosplane.protocol.linux.ErrorOutput;
import io.chaosplane.protocol.linux.TaskResult;
import io.chaosplane.protocol.linux.TaskStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
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

    private final RunLedger ledger;
    private final TaskQueue queue;
    private final Events events;
    private final ApplicationEventPublisher publisher;
    private final Clock clock;

    /** The most of an agent's breach reason kept as the run's reason. */
    private static final int MAX_BREACH_CHARS = 500;

    RunProgress(RunLedger ledger, TaskQueue queue, Events events, ApplicationEventPublisher publisher, Clock clock) {
        this.ledger = ledger;
        this.queue = queue;
        this.events = events;
        this.publisher = publisher;
        this.clock = clock;
    }

    /**
     * Records an agent's result for a fault of the locked run. Repeating a result changes nothing; a result for a
     * fault whose lease ran out replaces the "lost" outcome, since it is better news.
     *
     * @return false when the fault was finished already
     */
    boolean recordResult(String accountId, RunState state, FaultRow fault, TaskResult result, String logs) {
        Outcome outcome = Outcome.of(result, logs);
        if (!fault.accepts(outcome.phase())) {
            return false;
        }
        Instant now = clock.instant();
        if (fault.stopReason() == StopReason.PAUSE && result.taskStatus() == TaskStatus.STOPPED) {
            pausedByAgent(accountId, state, fault, now);
            flush(accountId, state);
            return true;
        }
        finish(accountId, state, fault, outcome, now);
        String breach = breachOf(result);
        if (breach != null && !state.run().phase().isFinished() && state.run().abortRequestedAt() == null) {
            // the agent reverted its fault for a command stop condition: the rest of the run stops with it
            stop(accountId, state, "StopConditionBreached", breach);
            return true;
        }
        advance(accountId, state);
        flush(accountId, state);
        return true;
    }

    /** The reason of a result that reports a breached command stop condition, or null. */
    private static String breachOf(TaskResult result) {
        ErrorOutput error = result.errorOutput();
        if (result.taskStatus() != TaskStatus.STOPPED
                || error == null
                || !ErrorCode.STOP_CONDITION_BREACHED.wire().equals(error.errorCode())) {
            return null;
        }
        String reason = error.reason() == null || error.reason().isBlank()
                ? "stop condition breached on the agent"
                : error.reason().strip();
        return reason.length() <= MAX_BREACH_CHARS ? reason : reason.substring(0, MAX_BREACH_CHARS) + "...";
    }

    /**
     * A leased task whose agent went silent past the lease: the fault is lost, or stopped if it was aborted. For a
     * whole run every fault not yet done goes with it.
     */
    void leaseExpired(String accountId, UUID faultId, boolean abortRequested) {
        RunState state = ledger.lockOfFault(accountId, faultId).orElse(null);
        if (state == null) {
            return;
        }
        FaultRow fault = state.fault(faultId).orElseThrow();
        List<FaultRow> lost = state.run().wholeRun()
                ? state.faults().stream().filter(f -> !f.phase().isTerminal()).toList()
                : fault.phase().isTerminal() ? List.of() : List.of(fault);
        if (lost.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        Outcome outcome = abortRequested ? Outcome.stopped() : Outcome.lost(fault.durationSeconds());
        for (FaultRow gone : lost) {
            ledger.finishFault(accountId, gone, outcome, now);
            state.update(gone.ended(outcome));
        }
        note(
                state,
                Events.Type.Warning,
                "TaskLost",
                "fault " + fault.name() + ": no result before its lease ran out"
                        + (abortRequested ? " (it was being aborted)" : ""));
        advance(accountId, state);
        flush(accountId, state);
    }

    /**
     * Applies a whole run's news from its agent, fault by fault: a fault moves from waiting to running to done, never
     * back, and a done fault keeps its outcome (except one given up for lost, as with results). The run then moves on
     * as if the faults' results had come: the step, the phase, the score.
     *
     * @return whether anything changed
     */
    boolean applyUpdates(String accountId, RunState state, List<FaultUpdate> updates) {
        // every writer of a whole run's faults holds the run's lock, which the caller has: no fault lock is needed
        Instant now = clock.instant();
        boolean changed = false;
        boolean finished = false;
        for (FaultUpdate update : updates) {
            FaultPhase next = update.phase();
            FaultRow fault = state.faultNamed(update.faultName()).orElse(null);
            if (fault == null
                    || next == null
                    || next != FaultPhase.Running && !next.isTerminal()
                    || !fault.accepts(next)) {
                continue;
            }
            changed = true;
            if (!next.isTerminal()) {
                ledger.markRunning(accountId, List.of(fault.id()), now);
                state.update(fault.moved(next));
                continue;
            }
            finished = true;
            finish(accountId, state, fault, Outcome.of(update), now);
        }
        if (finished) {
            advance(accountId, state);
        } else if (changed && state.run().phase() == RunPhase.Pending) {
            recompute(accountId, state, RunPhase.Running, state.run().currentStep(), null);
        }
        flush(accountId, state);
        return changed;
    }

    /** The fault's end, written (it leaves the queue with it), kept in the state and evented. */
    private void finish(String accountId, RunState state, FaultRow fault, Outcome outcome, Instant now) {
        ledger.finishFault(accountId, fault, outcome, now);
        state.update(fault.ended(outcome));
        note(
                state,
                outcome.verdict() == FaultVerdict.Pass ? Events.Type.Normal : Events.Type.Warning,
                "Fault" + outcome.phase().name(),
                "fault " + fault.name() + " (" + fault.faultType() + ") "
                        + outcome.phase().name().toLowerCase()
                        + ", verdict " + outcome.verdict().wireName()
                        + (outcome.errorCode() == null ? "" : ": " + outcome.errorCode()));
    }

    /**
     * The end of a whole run's task: it leaves the queue, and faults its agent never reported done are settled by the
     * task's result (stopped when it was stopped, else errors). Repeating it changes nothing.
     */
    void finishWholeRun(String accountId, RunState state, TaskResult result) {
        queue.remove(accountId, state.carrier().id());
        boolean stopped = result.taskStatus() == TaskStatus.STOPPED;
        ErrorOutput error = result.errorOutput();
        List<FaultUpdate> unsettled = state.faults().stream()
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
        if (!applyUpdates(accountId, state, unsettled)) {
            advance(accountId, state);
            flush(accountId, state);
        }
    }

    /** The first time an agent takes a task of the run, the run is running. */
    void started(String accountId, UUID runId) {
        RunState state = ledger.lock(accountId, runId).orElseThrow();
        if (state.run().phase() == RunPhase.Pending) {
            recompute(accountId, state, RunPhase.Running, state.run().currentStep(), null);
            flush(accountId, state);
        }
    }

    /** Aborts the run (a person's abort): its queued faults at once, its running ones when their agents answer. */
    void abort(String accountId, RunState state) {
        Instant now = clock.instant();
        ledger.requestAbort(accountId, state.run().id(), now);
        state.update(state.run().abortRequested(now));
        withdraw(accountId, state, "AbortRequested", "abort requested");
    }

    /**
     * Stops the run for a safety reason (a halt): as an abort, but the run ends {@link RunPhase#Stopped} with the
     * reason on its events and as its message.
     *
     * @return how many of its faults are in force, whose agents are told to revert them
     */
    int stop(String accountId, RunState state, String reason) {
        Instant now = clock.instant();
        ledger.requestStop(accountId, state.run().id(), now, reason);
        state.update(state.run().stopRequested(now, reason));
        int inForce = (int) state.faults().stream()
                .filter(fault -> fault.phase() == FaultPhase.Running)
                .count();
        withdraw(accountId, state, "StopRequested", "stop requested (" + reason + ")");
        return inForce;
    }

    /** As {@link #stop(String, RunState, String)}, after a warning event of its own: what made it stop. */
    int stop(String accountId, RunState state, String cause, String reason) {
        note(state, Events.Type.Warning, cause, reason);
        return stop(accountId, state, reason);
    }

    /** Withdraws what was not taken, tells the agents to revert what they run, and ends the run if nothing runs. */
    private void withdraw(String accountId, RunState state, String reason, String message) {
        Instant now = clock.instant();
        RunRow run = state.run();
        List<UUID> unstarted = queue.withdrawQueued(accountId, run.id());
        ledger.markStopping(accountId, run.id(), StopReason.ABORT);
        queue.signalStop(accountId, run.id());
        ledger.stopUnstarted(accountId, run.id(), now);
        for (FaultRow fault : state.faults()) {
            if (fault.phase() == FaultPhase.Running) {
                state.update(fault.stopping(StopReason.ABORT));
            } else if (fault.phase() == FaultPhase.Pending || fault.phase() == FaultPhase.Queued) {
                state.update(fault.ended(Outcome.stopped()));
            }
        }
        note(state, Events.Type.Normal, reason, message + "; " + unstarted.size() + " queued task(s) withdrawn");
        advance(accountId, state);
        flush(accountId, state);
    }

    /**
     * Pauses the run: tasks not yet taken wait again; agents revert the faults in force and stop their clocks, which
     * {@link #pausedByAgent} records when they report back.
     */
    void pause(String accountId, RunState state) {
        Instant now = clock.instant();
        RunRow run = state.run();
        List<UUID> withdrawn = queue.withdrawQueued(accountId, run.id());
        ledger.backToPending(accountId, withdrawn);
        ledger.markStopping(accountId, run.id(), StopReason.PAUSE);
        queue.signalStop(accountId, run.id());
        ledger.setPaused(accountId, run.id(), RunPhase.Paused, now);
        state.update(run.moved(RunPhase.Paused, run.currentStep()));
        note(
                state,
                Events.Type.Normal,
                "RunPaused",
                "run " + run.runSequence() + " paused: faults reverted, their clocks stopped");
        flush(accountId, state);
        publishAfterCommit(accountId, run, RunPhase.Paused);
    }

    /** Resumes the run: its current step's waiting faults are queued again, each for what remains of it. */
    void resume(String accountId, RunState state) {
        RunRow run = state.run();
        ledger.setPaused(accountId, run.id(), RunPhase.Running, null);
        state.update(run.moved(RunPhase.Running, run.currentStep()));
        for (FaultRow fault : state.faults()) {
            if (fault.step() == run.currentStep()
                    && fault.phase() == FaultPhase.Pending
                    && fault.stopReason() == null) {
                ledger.rewriteChaos(accountId, fault.forRemainingTime());
            }
        }
        queue.enqueue(accountId, run.id(), run.currentStep(), null, clock.instant());
        note(
                state,
                Events.Type.Normal,
                "RunResumed",
                "run " + run.runSequence() + " resumed: faults back in force for what remains of them");
        flush(accountId, state);
        publishAfterCommit(accountId, run, RunPhase.Running);
    }

    /** An agent reverted a fault for a pause; if the run was resumed meanwhile, the fault goes out again at once. */
    private void pausedByAgent(String accountId, RunState state, FaultRow fault, Instant now) {
        FaultRow reverted = ledger.paused(accountId, fault, now);
        queue.remove(accountId, fault.id());
        state.update(reverted);
        RunRow run = state.run();
        note(
                state,
                Events.Type.Normal,
                "FaultReverted",
                "fault " + fault.name() + " reverted for the pause after " + reverted.elapsedSeconds() + "s in force");
        if (run.phase() == RunPhase.Running && run.abortRequestedAt() == null) {
            FaultRow rest = reverted.forRemainingTime();
            ledger.rewriteChaos(accountId, rest);
            state.update(rest);
            queueStep(accountId, state, run.currentStep(), fault.id());
        } else if (run.abortRequestedAt() != null) {
            advance(accountId, state);
        }
    }

    /** Queues the step's waiting faults (or only the one given), in the database and in the state. */
    private void queueStep(String accountId, RunState state, int step, UUID onlyFault) {
        for (UUID queued : queue.enqueue(accountId, state.run().id(), step, onlyFault, clock.instant())) {
            FaultRow fault = state.fault(queued).orElseThrow();
            state.update(fault.moved(FaultPhase.Queued));
        }
    }

    /** Moves the run on when its current step is done. The caller holds the run's lock. */
    private void advance(String accountId, RunState state) {
        RunRow run = state.run();
        if (run.phase().isFinished()) {
            // a late result of a fault given up for lost: the score learns it, the run stays finished
            ledger.updateRun(accountId, run.id(), run.phase(), run.currentStep(), state.tally(), null, null, null);
            return;
        }
        if (!state.currentStepDone() || run.phase() == RunPhase.Paused && run.abortRequestedAt() == null) {
            recompute(accountId, state, run.phase(), run.currentStep(), null);
            return;
        }
        int lastStep = state.lastStep();
        if (run.abortRequestedAt() == null && run.currentStep() < lastStep) {
            int next = run.currentStep() + 1;
            queueStep(accountId, state, next, null);
            recompute(accountId, state, run.phase(), next, null);
            note(state, Events.Type.Normal, "StepStarted", "step " + (next + 1) + " of " + (lastStep + 1) + " queued");
            if (run.wholeRun()) {
                // the runner went on by itself: news of the next step may have come first
                advance(accountId, state);
            }
            return;
        }
        Instant now = clock.instant();
        if (state.anyUnstarted()) {
            ledger.stopUnstarted(accountId, run.id(), now);
            List<String> leftOpen = new ArrayList<>();
            for (FaultRow fault : state.faults()) {
                if (fault.phase() == FaultPhase.Pending || fault.phase() == FaultPhase.Queued) {
                    state.update(fault.ended(Outcome.stopped()));
                    // a paused fault's agent left its stream open for the resume that will not come
                    if (fault.streamId() != null) {
                        leftOpen.add(fault.streamId());
                    }
                }
            }
            afterCommit(new FaultStreamsEnded(accountId, List.copyOf(leftOpen)));
        }
        RunPhase end = run.abortRequestedAt() != null
                ? run.stopPhase()
                : state.anyErrored() ? RunPhase.Failed : RunPhase.Completed;
        Tally tally = state.tally();
        String message = switch (end) {
            case Aborted -> "aborted";
            case Stopped -> "stopped: " + run.stoppedReason();
            case Failed -> "a fault could not be run or its agent lost contact";
            default -> "completed";
        };
        ledger.updateRun(accountId, run.id(), end, run.currentStep(), tally, message, now, now);
        state.update(run.moved(end, run.currentStep()));
        note(
                state,
                end == RunPhase.Completed ? Events.Type.Normal : Events.Type.Warning,
                "Run" + end,
                "run " + run.runSequence() + " " + message + "; resiliency score "
                        + (tally.score() == null
                                ? "none"
                                : tally.score().stripTrailingZeros().toPlainString()));
        publishAfterCommit(accountId, run, end);
    }

    private void recompute(String accountId, RunState state, RunPhase phase, int currentStep, String message) {
        RunRow run = state.run();
        Instant started = phase == RunPhase.Running ? clock.instant() : null;
        ledger.updateRun(accountId, run.id(), phase, currentStep, state.tally(), message, started, null);
        state.update(run.moved(phase, currentStep));
        if (phase != run.phase()) {
            note(
                    state,
                    Events.Type.Normal,
                    "Run" + phase,
                    "run " + run.runSequence() + " " + phase.name().toLowerCase());
            publishAfterCommit(accountId, run, phase);
        }
    }

    /** An event of the run, written with the others of the same change ({@link #flush}). */
    private void note(RunState state, Events.Type type, String reason, String message) {
        state.note(new Events.Entry(type, reason, message, clock.instant()));
    }

    /** Writes the events of the change, in one statement. */
    private void flush(String accountId, RunState state) {
        events.record(accountId, subject(state.run()), state.takeEvents());
    }

    void publishAfterCommit(String accountId, RunRow run, RunPhase phase) {
        afterCommit(new RunChanged(
                accountId,
                run.organization(),
                run.project(),
                run.id(),
                run.experimentId(),
                run.experimentName(),
                run.namespace(),
                phase,
                clock.instant()));
    }

    private void afterCommit(Object event) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            publisher.publishEvent(event);
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                publisher.publishEvent(event);
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
}
