package io.chaosplane.agent.task;

import io.chaosplane.agent.remote.ControlPlane;
import io.chaosplane.agent.remote.RemoteException;
import io.chaosplane.protocol.linux.TaskStatus;
import io.chaosplane.protocol.linux.TaskStatusRequest;
import io.chaosplane.protocol.linux.TaskStatusResponse;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Posts a running task's {@code Running} status at its start and then every interval, on its own virtual thread so
 * that a slow or absent control plane never holds up the chaos (or its revert). The answer's {@code abort} aborts the
 * task.
 */
final class StatusReporter {

    private static final System.Logger LOG = System.getLogger(StatusReporter.class.getName());

    private final ControlPlane controlPlane;
    private final Duration interval;

    StatusReporter(ControlPlane controlPlane, Duration interval) {
        this.controlPlane = controlPlane;
        this.interval = interval;
    }

    /** Reporting in progress; closing it stops it. */
    interface Reporting {

        void close();
    }

    /** Starts reporting; close the returned handle when the task's chaos is over. */
    Reporting start(TaskExecution execution) {
        CountDownLatch done = new CountDownLatch(1);
        TaskStatusRequest running =
                new TaskStatusRequest(TaskStatus.RUNNING, execution.task().lceUID());
        Thread reporter = Thread.ofVirtual().name("status-" + execution.name()).start(() -> {
            try {
                do {
                    try {
                        TaskStatusResponse answer = controlPlane.status(execution.name(), running);
                        if (answer.pauseRequested()) {
                            execution.pause();
                        } else if (answer.abortRequested()) {
                            execution.abort();
                        }
                    } catch (RemoteException e) {
                        LOG.log(
                                System.Logger.Level.DEBUG,
                                "status of {0} not delivered: {1}",
                                execution.name(),
                                e.getMessage());
                    }
                } while (!done.await(interval.toNanos(), TimeUnit.NANOSECONDS));
            } catch (InterruptedException e) {
                // the task is over
            }
        });
        return () -> {
            done.countDown();
            reporter.interrupt();
        };
    }
}
