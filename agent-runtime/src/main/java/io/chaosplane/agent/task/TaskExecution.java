package io.chaosplane.agent.task;

import io.chaosplane.protocol.linux.Task;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A task this agent has claimed, with the signals that end its chaos early: abort, or a probe's stopOnFailure. */
public final class TaskExecution {

    private final Task task;
    private final CountDownLatch endEarly = new CountDownLatch(1);
    private volatile boolean aborted;
    private volatile boolean paused;
    private volatile String refusal;

    TaskExecution(Task task) {
        this.task = task;
    }

    public Task task() {
        return task;
    }

    public String name() {
        return task.taskName();
    }

    /** Stops the chaos for good; an abort that follows a pause wins over it. */
    synchronized void abort() {
        paused = false;
        aborted = true;
        endEarly.countDown();
    }

    /** Stops the chaos like {@link #abort()} and says why, for a task this agent must not run at all. */
    synchronized void refuse(String reason) {
        refusal = reason;
        abort();
    }

    /** Why the agent refused the task, or null when it did not. */
    public String refusal() {
        return refusal;
    }

    /** Stops the chaos like {@link #abort()}, because the run was paused: the task comes back on resume. */
    synchronized void pause() {
        if (!aborted) {
            paused = true;
            aborted = true;
            endEarly.countDown();
        }
    }

    /** Whether the chaos must end now: aborted, or paused. */
    public boolean aborted() {
        return aborted;
    }

    /** Whether the stop is a pause (the run comes back) rather than an abort. */
    public boolean paused() {
        return paused;
    }

    public void endChaosEarly() {
        endEarly.countDown();
    }

    /** Waits for the chaos to run its course; returns early (true) when it must end now. */
    public boolean awaitEndEarly(Duration chaosDuration) throws InterruptedException {
        return endEarly.await(chaosDuration.toNanos(), TimeUnit.NANOSECONDS);
    }
}
