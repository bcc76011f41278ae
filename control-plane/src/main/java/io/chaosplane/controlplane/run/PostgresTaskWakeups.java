package io.chaosplane.controlplane.run;

import io.chaosplane.controlplane.common.PgNotifications;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Wake-ups across replicas through PostgreSQL LISTEN/NOTIFY, kept off the write path as the published experience
 * of PostgreSQL queues advises: NOTIFY is sent after the commit, never inside the transaction that queues a task,
 * at most once per infrastructure per merge window (a change inside the window is sent when the window ends), with
 * the infrastructure's id as its only payload. After the listener reconnects, every waiting poll re-checks its
 * queue. This replica's own polls are woken directly.
 */
class PostgresTaskWakeups extends PollingTaskWakeups {

    static final String CHANNEL = "chaosplane_tasks";

    private final MergeWindow window;
    private final ScheduledExecutorService timer;

    PostgresTaskWakeups(PgNotifications notifications, Duration mergeWindow, MergeWindow.Counts counts) {
        this.timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("task-wakeups").factory());
        this.window = new MergeWindow(
                mergeWindow,
                System::nanoTime,
                (task, delayNanos) -> {
                    try {
                        timer.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
                    } catch (RejectedExecutionException stopping) {
                        // the replica is stopping: its polls are released, the others re-check their queues
                    }
                },
                infrastructureId -> notifications.send(CHANNEL, infrastructureId.toString()),
                counts);
        long forget = Math.max(1, mergeWindow.toMillis() * 10);
        timer.scheduleWithFixedDelay(window::forgetQuiet, forget, forget, TimeUnit.MILLISECONDS);
        notifications.subscribe(CHANNEL, this::wakeFor);
        notifications.onReconnect(waiters::wakeAll);
    }

    @Override
    public void changed(UUID infrastructureId) {
        super.changed(infrastructureId); // this replica's polls need no round trip through the database
        window.changed(infrastructureId);
    }

    @Override
    public void release() {
        super.release();
        timer.shutdown(); // a merged wake-up still booked is not needed: every replica re-checks its queue
    }

    private void wakeFor(String payload) {
        try {
            waiters.wake(UUID.fromString(payload));
        } catch (IllegalArgumentException e) {
            // not ours: another version's payload; the periodic re-check covers it
        }
    }
}
