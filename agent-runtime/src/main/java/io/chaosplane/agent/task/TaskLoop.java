package io.chaosplane.agent.task;

import io.chaosplane.agent.remote.ControlPlane;
import io.chaosplane.agent.remote.RemoteException;
import io.chaosplane.protocol.linux.Task;
import io.chaosplane.protocol.linux.TaskList;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;

/**
 * Asks the control plane for work: a long poll for as many tasks as there are free slots, then the backoff of
 * {@link PollBackoff}. While every slot is busy it does not poll (running tasks learn of aborts through their status
 * posts); abort news in poll answers goes to {@link RunningTasks}. Should a control plane hand out more tasks than
 * asked for, the extra ones wait here for a slot rather than being dropped: they are leased to this agent. Halts
 * named in the answer go to {@link HaltWatch}, as does its {@code chaosEnabled}; a task that arrives while a halt is in
 * force, while the control plane's or the host's {@link LocalKillSwitch} says chaos is disabled, that the host's
 * policy file refuses ({@link HostPolicyCheck}), or that goes beyond the limits it was planned under
 * ({@link PlannedLimits}), is refused: it reports Stopped, saying why, without injecting anything.
 */
public final class TaskLoop implements Runnable {

    private static final System.Logger LOG = System.getLogger(TaskLoop.class.getName());

    private final ControlPlane controlPlane;
    private final Duration pollWait;
    private final Semaphore slots;
    private final RunningTasks running;
    private final HaltWatch halts;
    private final LocalKillSwitch killSwitch;
    private final PlannedLimits limits;
    private final HostPolicyCheck hostPolicy;
    private final TaskHandler runner;
    private final ExecutorService executor;
    private final PollBackoff backoff;
    private final Sleeper sleeper;
    private final Clock clock;
    private final Deque<TaskExecution> backlog = new ArrayDeque<>();
    private volatile boolean stopped;

    TaskLoop(
            ControlPlane controlPlane,
            Duration pollWait,
            int slots,
            RunningTasks running,
            HaltWatch halts,
            LocalKillSwitch killSwitch,
            PlannedLimits limits,
            HostPolicyCheck hostPolicy,
            TaskHandler runner,
            ExecutorService executor,
            PollBackoff backoff,
            Sleeper sleeper,
            Clock clock) {
        this.controlPlane = controlPlane;
        this.pollWait = pollWait;
        this.slots = new Semaphore(slots);
        this.running = running;
        this.halts = halts;
        this.killSwitch = killSwitch;
        this.limits = limits;
        this.hostPolicy = hostPolicy;
        this.runner = runner;
        this.executor = executor;
        this.backoff = backoff;
        this.sleeper = sleeper;
        this.clock = clock;
    }

    @Override
    public void run() {
        try {
            while (!stopped) {
                try {
                    pollOnce();
                } catch (RuntimeException e) {
                    // a bug or a broken disk must not end the loop for good: log it and carry on after a pause
                    LOG.log(System.Logger.Level.ERROR, "task loop round failed", e);
                    sleeper.sleep(backoff.afterError());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One round: wait for a free slot, poll, start what came, wait as the backoff says. */
    void pollOnce() throws InterruptedException {
        slots.acquire();
        slots.release();
        startBacklog();
        int free = slots.availablePermits();
        if (free == 0) {
            return;
        }
        Instant start = clock.instant();
        TaskList answer;
        try {
            answer = controlPlane.poll(pollWait, free);
        } catch (RemoteException e) {
            Duration delay = backoff.afterError();
            LOG.log(
                    System.Logger.Level.WARNING,
                    "task poll failed, next in {0} ms: {1}",
                    delay.toMillis(),
                    e.getMessage());
            sleeper.sleep(delay);
            return;
        }
        for (String name : answer.abortedTaskNames()) {
            if (answer.pausedTaskNames().contains(name)) {
                running.pause(name);
            } else {
                running.abort(name);
            }
        }
        halts.heard(answer.activeHalts(), answer.chaosAllowed());
        for (Task task : answer.tasks()) {
            Optional<TaskExecution> claimed = running.claim(task);
            if (claimed.isEmpty()) {
                LOG.log(
                        System.Logger.Level.WARNING,
                        "task {0} was handed out again while this agent holds it; ignored",
                        task.taskName());
                continue;
            }
            backlog.addLast(claimed.get());
            if (halts.halted()) {
                LOG.log(System.Logger.Level.WARNING, "task {0} refused: a halt is in force", task.taskName());
                running.abort(task.taskName());
            } else {
                // the host's file is read for every task, so that its administrator can turn chaos off without a
                // restart; the limits count the faults held now, this task's included
                halts.disabledReason()
                        .or(killSwitch::disabledReason)
                        .or(() -> hostPolicy.refusal(task))
                        .or(() -> limits.exceeded(task, running.active()))
                        .ifPresent(reason -> running.refuse(task.taskName(), reason));
            }
        }
        startBacklog();
        Duration delay = answer.tasks().isEmpty()
                ? backoff.afterEmpty(Duration.between(start, clock.instant()))
                : backoff.afterTasks();
        if (!delay.isZero()) {
            sleeper.sleep(delay);
        }
    }

    public void stop() {
        stopped = true;
    }

    private void startBacklog() {
        while (!backlog.isEmpty() && slots.tryAcquire()) {
            TaskExecution execution = backlog.removeFirst();
            LOG.log(
                    System.Logger.Level.INFO,
                    "starting task {0} ({1})",
                    execution.name(),
                    execution.task().chaos() == null
                            ? "no chaos"
                            : execution.task().chaos().experiment());
            executor.execute(() -> {
                try {
                    runner.run(execution);
                } finally {
                    running.finished(execution);
                    slots.release();
                }
            });
        }
    }
}
