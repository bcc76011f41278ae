package io.chaosplane.controlplane.run;

import io.chaosplane.controlplane.infra.AgentPrincipal;
import io.chaosplane.controlplane.run.RunStore.FaultRow;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;
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

    private final TaskQueue queue;
    private final RunStore runs;
    private final RunProgress progress;
    private final TaskWakeups wakeups;
    private final ObjectProvider<LogLinks> logLinks;
    private final TransactionTemplate transactions;
    private final DispatchProperties properties;
    private final Clock clock;

    AgentTasks(
            TaskQueue queue,
            RunStore runs,
            RunProgress progress,
            TaskWakeups wakeups,
            ObjectProvider<LogLinks> logLinks,
            TransactionTemplate transactions,
            DispatchProperties properties,
            Clock clock) {
        this.queue = queue;
        this.runs = runs;
        this.progress = progress;
        this.wakeups = wakeups;
        this.logLinks = logLinks;
        this.transactions = transactions;
        this.properties = properties;
        this.clock = clock;
    }

    /** Builds the task an agent is handed for a claimed queue row. */
    @FunctionalInterface
    interface TaskBuilder {

        Task build(FaultRow claimed, java.util.Optional<LogLinks.LogLink> link, long leaseSeconds);
    }

    /** Hands out queued tasks under a lease; when there are none, waits up to {@code wait} for one. */
    TaskList poll(AgentPrincipal agent, int maxTasks, Duration wait) throws InterruptedException {
        return poll(agent, maxTasks, wait, AgentTasks::faultTask);
    }

    /** One fault, as Linux agents run them. */
    private static Task faultTask(FaultRow fault, java.util.Optional<LogLinks.LogLink> link, long lease) {
        return new Task(
                fault.taskName(),
                new TaskAction(fault.chaos()),
                fault.id().toString(),
                fault.streamId(),
                null,
                lease,
                link.map(LogLinks.LogLink::url).orElse(null),
                link.map(LogLinks.LogLink::token).orElse(null));
    }

    /** As {@link #poll(AgentPrincipal, int, Duration)}, with the tasks made by {@code builder}. */
    TaskList poll(AgentPrincipal agent, int maxTasks, Duration wait, TaskBuilder builder) throws InterruptedException {
        int limit = Math.max(1, Math.min(maxTasks, MAX_TASKS_PER_POLL));
        Duration longest = wait.compareTo(properties.maxPollWait()) > 0 ? properties.maxPollWait() : wait;
        Instant deadline = clock.instant().plus(longest);
        while (true) {
            long generation = wakeups.generation(agent.infrastructureId());
            TaskList answer = transactions.execute(status -> claim(agent, limit, builder));
            Duration remaining = Duration.between(clock.instant(), deadline);
            if (!answer.tasks().isEmpty()
                    || !answer.abortedTaskNames().isEmpty()
                    || remaining.isNegative()
                    || remaining.isZero()
                    || wakeups.released()) {
                return answer;
            }
            Duration nap =
                    remaining.compareTo(properties.recheckInterval()) > 0 ? properties.recheckInterval() : remaining;
            wakeups.await(agent.infrastructureId(), generation, nap);
        }
    }

    private TaskList claim(AgentPrincipal agent, int limit, TaskBuilder builder) {
        Instant now = clock.instant();
        java.util.Map<UUID, Long> leases = queue.claim(agent.accountId(), agent.infrastructureId(), limit, now);
        List<UUID> claimed = List.copyOf(leases.keySet());
        List<FaultRow> faults = runs.faultsByIds(agent.accountId(), claimed);
        runs.markRunning(agent.accountId(), claimed, now);
        new LinkedHashSet<>(faults.stream().map(FaultRow::runId).toList())
                .forEach(runId -> progress.started(agent.accountId(), runId));
        List<Task> tasks = new ArrayList<>();
        for (FaultRow fault : faults) {
            long lease = leases.get(fault.id());
            // without a log service the task carries no link, and the agent posts its lines here only
            var link = java.util.Optional.ofNullable(logLinks.getIfAvailable())
                    .flatMap(links -> links.forRun(agent.accountId(), fault.runId(), lease));
            Task task = builder.build(fault, link, lease);
            tasks.add(new Task(
                    task.taskName(),
                    task.action(),
                    task.lceUID(),
                    task.streamID(),
                    agent.accountId(),
                    lease,
                    task.logServiceURL(),
                    task.logToken()));
        }
        List<String> aborted = queue.abortedTaskNames(agent.accountId(), agent.infrastructureId());
        return new TaskList(
                tasks,
                !tasks.isEmpty() || queue.holdsLeases(agent.accountId(), agent.infrastructureId()),
                aborted.isEmpty() ? null : aborted);
    }

    /** Records that the agent runs the task, and tells it whether to stop; only for the lceUID it was handed. */
    TaskStatusResponse status(AgentPrincipal agent, String taskName, TaskStatusRequest request) {
        AgentBodies.checkStatus(request);
        return transactions.execute(status -> {
            FaultRow fault = owned(
                    agent, runs.findFaultByTaskName(agent.accountId(), taskName).orElse(null), taskName);
            if (!fault.id().toString().equals(request.lceUID().strip())) {
                throw new ConflictException("lceUID is not the one task '" + taskName + "' was handed out with");
            }
            if (request.taskStatus() == TaskStatus.RUNNING && fault.phase() == FaultPhase.Queued) {
                runs.markRunning(agent.accountId(), List.of(fault.id()), clock.instant());
            }
            return new TaskStatusResponse(true, queue.abortRequested(agent.accountId(), fault.id()));
        });
    }

    /** Records the task's outcome; the same result posted twice changes nothing. */
    void result(AgentPrincipal agent, String taskName, TaskResultRequest request) {
        AgentBodies.checkResult(request);
        transactions.executeWithoutResult(status -> {
            FaultRow fault = owned(
                    agent, runs.lockFaultByTaskName(agent.accountId(), taskName).orElse(null), taskName);
            if (runs.findRun(agent.accountId(), fault.runId())
                    .map(RunStore.RunRow::wholeRun)
                    .orElse(false)) {
                progress.finishWholeRun(agent.accountId(), fault, request.result());
            } else {
                progress.recordResult(agent.accountId(), fault, request.result(), request.logs());
            }
        });
    }

    /** A task of another infrastructure (or account) is not found, whoever asks. */
    private static FaultRow owned(AgentPrincipal agent, FaultRow fault, String taskName) {
        if (fault == null || !agent.infrastructureId().equals(fault.infrastructureId())) {
            throw new NotFoundException("task '" + taskName + "' not found");
        }
        return fault;
    }

    /** The task's stream, if the task is the agent's; for its log lines. */
    FaultRow ownedByStream(AgentPrincipal agent, String streamId) {
        return transactions.execute(status -> runs.findFaultByStreamId(agent.accountId(), streamId)
                .filter(fault -> agent.infrastructureId().equals(fault.infrastructureId()))
                .orElseThrow(() -> new NotFoundException("stream '" + streamId + "' not found")));
    }
}
