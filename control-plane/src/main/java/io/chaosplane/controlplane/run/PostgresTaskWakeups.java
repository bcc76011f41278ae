package io.chaosplane.controlplane.run;

import io.chaosplane.controlplane.common.PgNotifications;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Wake-ups across replicas through PostgreSQL LISTEN/NOTIFY, kept off the write path as the published experience
 * of PostgreSQL queues advises: NOTIFY is sent after the commit, never inside the transaction that queues a task,
 * at most once per infrastructure per merge window, with the infrastructure's id as its only payload. After the
 * listener reconnects, every waiting poll re-checks its queue. This replica's own polls are woken directly.
 */
class PostgresTaskWakeups extends PollingTaskWakeups {

    static final String CHANNEL = "chaosplane_tasks";

    private final Map<UUID, Long> lastSent = new ConcurrentHashMap<>();
    private final Set<UUID> pending = ConcurrentHashMap.newKeySet();
    private final PgNotifications notifications;
    private final Duration mergeWindow;
    private final Clock clock;

    PostgresTaskWakeups(PgNotifications notifications, Duration mergeWindow, Clock clock) {
        this.notifications = notifications;
        this.mergeWindow = mergeWindow;
        this.clock = clock;
        notifications.subscribe(CHANNEL, this::wakeFor);
        notifications.onReconnect(waiters::wakeAll);
    }

    @Override
    public void changed(UUID infrastructureId) {
        super.changed(infrastructureId); // this replica's polls need no round trip through the database
        long now = clock.millis();
        Long sent = lastSent.get(infrastructureId);
        if (sent != null && now - sent < mergeWindow.toMillis()) {
            pending.add(infrastructureId); // merged into the next flush
            return;
        }
        lastSent.put(infrastructureId, now);
        notifications.send(CHANNEL, infrastructureId.toString());
    }

    /** Sends the notifications merged during the last window. */
    void flushPending() {
        long now = clock.millis();
        for (UUID infrastructureId : Set.copyOf(pending)) {
            pending.remove(infrastructureId);
            lastSent.put(infrastructureId, now);
            notifications.send(CHANNEL, infrastructureId.toString());
        }
        lastSent.values().removeIf(sent -> now - sent > 10 * mergeWindow.toMillis());
    }

    private void wakeFor(String payload) {
        try {
            waiters.wake(UUID.fromString(payload));
        } catch (IllegalArgumentException e) {
            // not ours: another version's payload; the periodic re-check covers it
        }
    }
}
