package io.chaosplane.controlplane.run;

import io.chaosplane.controlplane.infra.AgentHalts;
import io.chaosplane.controlplane.infra.AgentPrincipal;
import io.chaosplane.controlplane.infra.InfrastructureService;
import io.chaosplane.protocol.linux.Halt;
import io.chaosplane.protocol.linux.Task;
import io.chaosplane.protocol.linux.TaskAction;
import io.chaosplane.protocol.linux.TaskList;
import io.chaosplane.protocol.linux.TaskResultRequest;
import io.chaosplane.protocol.linux.TaskStatus;
import io.chaosplane.protocol.linux.TaskStatusRequest;
import io.chaosplane.protocol.linux.TaskStatusResponse;
import io.chaosplane.service.web.ConflictException;
import io.chaosplane.service.web.NotFoundException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The agent's side of dispatch: long polls for tasks, status posts that carry aborts back, and results. A poll
 * holds no database connection while it waits; it is woken when a task is queued for its infrastructure.
 */
@Service
class AgentTasks {

    private static final int MAX_TASKS_PER_POLL = 20;
    /** Less time than this before its deadline, a poll answers rather than look again: its agent polls anew. */
    private static final Duration LAST_LOOK = Duration.ofSeconds(1);

    private final TaskQueue queue;
    private final RunLedger ledger;
    private final RunReader reader;
    private final RunProgress progress;
    private final TaskWakeups wakeups;
    private final ObjectProvider<LogLinks> logLinks;
    private final TransactionTemplate transactions;
    private final DispatchProperties properties;
    private final AgentHalts halts;
    private final InfrastructureService infrastructures;
    private final Clock clock;

    AgentTasks(
            TaskQueue queue,
            RunLedger ledger,
            RunReader reader,
            RunProgress progress,
            TaskWakeups wakeups,
            ObjectProvider<LogLinks> logLinks,
            TransactionTemplate transactions,
            DispatchProperties properties,
            ObjectProvider<AgentHalts> halts,
            InfrastructureService infrastructures,
            Clock clock) {
        this.queue = queue;
        this.ledger = ledger;
        this.reader = reader;
        this.progress = progress;
        this.wakeups = wakeups;
        this.logLinks = logLinks;
        this.transactions = transactions;
        this.properties = properties;
        this.halts = halts.getIfAvailable(() -> AgentHalts.NONE);
        this.infrastructures = infrastructures;
        this.clock = clock;
    }

    /** Builds the task an agent is handed for a claimed queue row. */
    @FunctionalInterface
    interface TaskBuilder {

        Task build(TaskQueue.Claimed claimed, Optional<LogLinks.LogLink> link, long leaseSeconds);
    }

    /** Hands out queued tasks under a lease; when there are none, waits up to {@code wait} for one. */
    TaskList poll(AgentPrincipal agent, int maxTasks, Duration wait) throws InterruptedException {
        return poll(agent, maxTasks, wait, AgentTasks::faultTask);
    }

    /** One fault, as Linux agents run them. */
    private static Task faultTask(TaskQueue.Claimed fault, Optional<LogLinks.LogLink> link, long lease) {
        return new Task(
                fault.taskName(),
                new TaskAction(fault.chaos()),
                fault.faultId().toString(),
                fault.streamId(),
                null,
                lease,
                link.map(LogLinks.LogLink::url).orElse(null),
                link.map(LogLinks.LogLink::token).orElse(null),
                fault.limits());
    }

    /**
     * As {@link #poll(AgentPrincipal, int, Duration)}, with the tasks made by {@code builder}. A poll that finds
     * nothing waits for its wake-ups alone (a task queued, a run aborted or paused: in this replica a signal, from
     * another a NOTIFY); in case one was lost it looks once per re-check interval whether a claim would find anything,
     * in one statement, and claims only then. It answers at its deadline without a last look: the agent polls again.
     * The answer names the halts over the agent's infrastructure (from memory); one made or lifted while the poll
     * waits answers it at once, so that the agent reverts its faults (or takes tasks again) without delay. So does
     * the infrastructure's kill switch ({@code chaosEnabled}), looked at whenever the poll wakes.
     */
    TaskList poll(AgentPrincipal agent, int maxTasks, Duration wait, TaskBuilder builder) throws InterruptedException {
        int limit = Math.max(1, Math.min(maxTasks, MAX_TASKS_PER_POLL));
        Duration longest = wait.compareTo(properties.maxPollWait()) > 0 ? properties.maxPollWait() : wait;
        Instant deadline = clock.instant().plus(longest);
        long generation = wakeups.generation(agent.infrastructureId());
        List<Halt> haltsAtStart = halts.activeFor(agent);
        boolean chaosAtStart = infrastructures.chaosEnabled(agent);
        TaskList answer = transactions.execute(status -> claim(agent, limit, builder));
        while (answer.tasks().isEmpty() && answer.abortedTaskNames().isEmpty() && !wakeups.released()) {
            Duration remaining = Duration.between(clock.instant(), deadline);
            if (remaining.isNegative() || remaining.isZero()) {
                return answer.withHalts(haltsAtStart).withChaosEnabled(chaosAtStart);
            }
            Duration nap =
                    remaining.compareTo(properties.recheckInterval()) > 0 ? properties.recheckInterval() : remaining;
            boolean woken = wakeups.await(agent.infrastructureId(), generation, nap);
            generation = wakeups.generation(agent.infrastructureId());
            List<Halt> haltsNow = halts.activeFor(agent);
            boolean chaosNow = infrastructures.chaosEnabled(agent);
            if (!haltsNow.equals(haltsAtStart) || chaosNow != chaosAtStart) {
                return transactions
                        .execute(status -> claim(agent, limit, builder))
                        .withHalts(haltsNow)
                        .withChaosEnabled(chaosNow);
            }
            boolean lookAgain = !woken
                    && Duration.between(clock.instant(), deadline).compareTo(LAST_LOOK) >= 0
                    && queue.hasNews(agent.accountId(), agent.infrastructureId());
            if (woken || lookAgain) {
                answer = transactions.execute(status -> claim(agent, limit, builder));
            }
        }
        return answer.withHalts(haltsAtStart).withChaosEnabled(chaosAtStart);
    }

    private TaskList claim(AgentPrincipal agent, int limit, TaskBuilder builder) {
        Instant now = clock.instant();
        TaskQueue.Claim claim = queue.claim(agent.accountId(), agent.infrastructureId(), limit, now);
        claim.tasks().stream()
                .filter(task -> task.runPhase() == RunPhase.Pending)
                .map(TaskQueue.Claimed::runId)
                .distinct()
                .forEach(runId -> progress.started(agent.accountId(), runId));
        List<Task> tasks = new ArrayList<>();
        for (TaskQueue.Claimed claimed : claim.tasks()) {
            long lease = claimed.leaseSeconds();
            // without a log service the task carries no link, and the agent posts its lines here only
            Optional<LogLinks.LogLink> link = Optional.ofNullable(logLinks.getIfAvailable())
                    .flatMap(links -> links.forRun(agent.accountId(), claimed.runId(), lease));
            Task task = builder.build(claimed, link, lease);
            tasks.add(new Task(
                    task.taskName(),
                    task.action(),
                    task.lceUID(),
                    task.streamID(),
                    agent.accountId(),
                    lease,
                    task.logServiceURL(),
                    task.logToken(),
                    task.limits()));
        }
        List<String> aborted = claim.abortedTaskNames();
        List<String> paused = claim.pausedTaskNames();
        return new TaskList(
                tasks,
                !tasks.isEmpty() || claim.holdsLeases(),
                aborted.isEmpty() ? null : aborted,
                paused.isEmpty() ? null : paused);
    }

    /** Records that the agent runs the task, and tells it whether to stop; only for the lceUID it was handed. */
    TaskStatusResponse status(AgentPrincipal agent, String taskName, TaskStatusRequest request) {
        AgentBodies.checkStatus(request);
        TaskQueue.StatusReport report = transactions.execute(status -> queue.report(
                        agent.accountId(),
                        agent.infrastructureId(),
                        taskName,
                        AgentBodies.lceUid(request),
                        request.taskStatus() == TaskStatus.RUNNING,
                        clock.instant())
                .orElseThrow(() -> taskNotFound(taskName)));
        if (!report.handedOut()) {
            throw new ConflictException("lceUID is not the one task '" + taskName + "' was handed out with");
        }
        return new TaskStatusResponse(true, report.abort(), report.pause() ? Boolean.TRUE : null);
    }

    /**
     * Records the task's outcome; the same result posted twice changes nothing. The task's run is locked and read
     * with all its faults once, and what follows works from that.
     */
    void result(AgentPrincipal agent, String taskName, TaskResultRequest request) {
        AgentBodies.checkResult(request);
        transactions.executeWithoutResult(status -> {
            RunState run = ledger.lockOfTask(agent.accountId(), taskName).orElseThrow(() -> taskNotFound(taskName));
            FaultRow fault = run.faultByTask(taskName)
                    .filter(found -> agent.infrastructureId().equals(found.infrastructureId()))
                    .orElseThrow(() -> taskNotFound(taskName));
            if (run.run().wholeRun()) {
                progress.finishWholeRun(agent.accountId(), run, request.result());
            } else {
                progress.recordResult(agent.accountId(), run, fault, request.result(), request.logs());
            }
        });
    }

    /** A task of another infrastructure (or account) is not found, whoever asks. */
    private static NotFoundException taskNotFound(String taskName) {
        return new NotFoundException("task '" + taskName + "' not found");
    }

    /** The task's stream must be the agent's; for its log lines. */
    void checkOwnsStream(AgentPrincipal agent, String streamId) {
        boolean owned = Boolean.TRUE.equals(
                transactions.execute(status -> reader.infrastructureOfStream(agent.accountId(), streamId)
                        .filter(agent.infrastructureId()::equals)
                        .isPresent()));
        if (!owned) {
            throw new NotFoundException("stream '" + streamId + "' not found");
        }
    }
}
