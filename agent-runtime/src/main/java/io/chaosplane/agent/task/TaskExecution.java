package io.chaosplane.agent.task;

import io.chaosplane.protocol.linux.Task;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A task this agent has claimed, with the signals that end its chaos early: abort, or a probe's stopOnFailure. */
final class TaskExecution {

    private final Task task;
    private final CountDownLatch endEarly = new CountDownLatch(1);
    private volatile boolean aborted;

    TaskExecution(Task task) {
        this.task = task;
    }

    Task task() {
        return task;
    }

    String name() {
        return task.taskName();
    }

    void abort() {
        aborted = true;
        endEarly.countDown();
    }

    boolean aborted() {
        return aborted;
    }

    void endChaosEarly() {
        endEarly.countDown();
    }

    /** Waits for the chaos to run its course; returns early (true) when it must end now. */
    boolean awaitEndEarly(Duration chaosDuration) throws InterruptedException {
        return endEarly.await(chaosDuration.toNanos(), TimeUnit.NANOSECONDS);
    }
}
