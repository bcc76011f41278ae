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

    TaskExecution(Task task) {
        this.task = task;
    }

    public Task task() {
        return task;
    }

    public String name() {
        return task.taskName();
    }

    void abort() {
        aborted = true;
        endEarly.countDown();
    }

    public boolean aborted() {
        return aborted;
    }

    public void endChaosEarly() {
        endEarly.countDown();
    }

    /** Waits for the chaos to run its course; returns early (true) when it must end now. */
    public boolean awaitEndEarly(Duration chaosDuration) throws InterruptedException {
        return endEarly.await(chaosDuration.toNanos(), TimeUnit.NANOSECONDS);
    }
}
