package io.chaosplane.controlplane.run;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Wake-ups across replicas through PostgreSQL LISTEN/NOTIFY, kept off the write path as the published experience
 * of PostgreSQL queues advises: NOTIFY is sent after the commit, never inside the transaction that queues a task,
 * at most once per infrastructure per merge window, with the infrastructure's id as its only payload. Listening
 * takes one dedicated connection outside the pool; after a reconnect every waiting poll re-checks its queue.
 */
class PostgresTaskWakeups implements TaskWakeups, SmartLifecycle {

    static final String CHANNEL = "chaosplane_tasks";
    private static final Logger log = LoggerFactory.getLogger(PostgresTaskWakeups.class);

    private final LocalWaiters waiters = new LocalWaiters();
    private final Map<UUID, Long> lastSent = new ConcurrentHashMap<>();
    private final Set<UUID> pending = ConcurrentHashMap.newKeySet();
    private final JdbcTemplate jdbc;
    private final String url;
    private final String username;
    private final String password;
    private final Duration mergeWindow;
    private final Clock clock;
    private volatile boolean running;
    private Thread listener;

    PostgresTaskWakeups(JdbcTemplate jdbc, String url, String username, String password, Duration mergeWindow,
            Clock clock) {
        this.jdbc = jdbc;
        this.url = url;
        this.username = username;
        this.password = password;
        this.mergeWindow = mergeWindow;
        this.clock = clock;
    }

    @Override
    public void changed(UUID infrastructureId) {
        waiters.wake(infrastructureId); // this replica's polls need no round trip through the database
        long now = clock.millis();
        Long sent = lastSent.get(infrastructureId);
        if (sent != null && now - sent < mergeWindow.toMillis()) {
            pending.add(infrastructureId); // merged into the next flush
            return;
        }
        lastSent.put(infrastructureId, now);
        send(infrastructureId);
    }

    /** Sends the notifications merged during the last window. */
    void flushPending() {
        long now = clock.millis();
        for (UUID infrastructureId : Set.copyOf(pending)) {
            pending.remove(infrastructureId);
            lastSent.put(infrastructureId, now);
            send(infrastructureId);
        }
        lastSent.values().removeIf(sent -> now - sent > 10 * mergeWindow.toMillis());
    }

    private void send(UUID infrastructureId) {
        try {
            jdbc.queryForObject("SELECT pg_notify(?, ?)", Object.class, CHANNEL, infrastructureId.toString());
        } catch (RuntimeException e) {
            log.debug("could not send a wake-up for {}: {}", infrastructureId, e.getMessage());
        }
    }

    @Override
    public long generation(UUID infrastructureId) {
        return waiters.generation(infrastructureId);
    }

    @Override
    public boolean await(UUID infrastructureId, long sinceGeneration, Duration max) throws InterruptedException {
        return waiters.await(infrastructureId, sinceGeneration, max);
    }

    @Override
    public void start() {
        running = true;
        listener = Thread.ofPlatform().daemon().name("task-wakeups-listener").start(this::listen);
    }

    @Override
    public void stop() {
        running = false;
        if (listener != null) {
            listener.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void listen() {
        long backoffMillis = 200;
        while (running) {
            try (Connection connection = DriverManager.getConnection(url, username, password)) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + CHANNEL);
                }
                backoffMillis = 200;
                waiters.wakeAll(); // anything sent while not listening: every poll re-checks
                PGConnection pg = connection.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(500);
                    if (notifications == null) {
                        continue;
                    }
                    for (PGNotification notification : notifications) {
                        wakeFor(notification.getParameter());
                    }
                }
            } catch (SQLException e) {
                if (!running) {
                    return;
                }
                log.warn("task wake-up listener lost its connection, reconnecting: {}", e.getMessage());
                try {
                    Thread.sleep(backoffMillis);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
                backoffMillis = Math.min(backoffMillis * 2, 5000);
            }
        }
    }

    private void wakeFor(String payload) {
        try {
            waiters.wake(UUID.fromString(payload));
        } catch (IllegalArgumentException e) {
            log.debug("ignoring a wake-up with payload {}", payload);
        }
    }
}
