package io.chaosplane.logservice.wakeup;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.SmartLifecycle;

/**
 * Wakes tails on this replica at once and on the others through PostgreSQL LISTEN/NOTIFY.
 *
 * <p>NOTIFY is sent after the lines' commit, never inside the writers' transactions (a NOTIFYing transaction takes
 * a database-wide lock at commit), and merged: streams with news are collected for {@code notifyInterval} and sent
 * as one notification listing them ({@code <replica>:<id>,<id>,...}, split below PostgreSQL's 8000-byte payload
 * limit). LISTEN holds one dedicated connection outside the pool; after it is lost and re-made every tail here is
 * woken to re-read, since notifications may have been missed meanwhile.
 */
final class PostgresStreamWakeups implements StreamWakeups, SmartLifecycle {

    static final String CHANNEL = "log_stream_news";
    private static final Logger log = LoggerFactory.getLogger(PostgresStreamWakeups.class);
    private static final int MAX_PAYLOAD = 7900;

    private final LocalWatches watches = new LocalWatches();
    private final DataSource dataSource;
    private final JdbcConnectionDetails connection;
    private final Duration notifyInterval;
    private final String replica = UUID.randomUUID().toString().substring(0, 8);
    private final AtomicReference<Set<Long>> pending = new AtomicReference<>(ConcurrentHashMap.newKeySet());
    private volatile boolean running;
    private Thread listener;
    private Thread notifier;

    PostgresStreamWakeups(DataSource dataSource, JdbcConnectionDetails connection, Duration notifyInterval) {
        this.dataSource = dataSource;
        this.connection = connection;
        this.notifyInterval = notifyInterval;
    }

    @Override
    public void announce(Collection<Long> streamIds) {
        if (streamIds.isEmpty()) {
            return;
        }
        watches.wake(streamIds);
        pending.get().addAll(streamIds);
    }

    @Override
    public Watch watch(long streamId) {
        return watches.watch(streamId);
    }

    private void notifyLoop() {
        while (running) {
            try {
                Thread.sleep(notifyInterval);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            Set<Long> streams = pending.getAndSet(ConcurrentHashMap.newKeySet());
            if (!streams.isEmpty()) {
                try {
                    send(streams);
                } catch (SQLException | RuntimeException e) {
                    // Other replicas' tails find the lines on their periodic re-check.
                    log.warn("could not notify other replicas of {} streams: {}", streams.size(), e.getMessage());
                }
            }
        }
    }

    private void send(Set<Long> streams) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement notify = c.prepareStatement("SELECT pg_notify('" + CHANNEL + "', ?)")) {
            c.setAutoCommit(false);
            for (String payload : payloads(replica, streams)) {
                notify.setString(1, payload);
                notify.execute();
            }
            c.commit();
        }
    }

    static List<String> payloads(String replica, Collection<Long> streams) {
        List<String> payloads = new ArrayList<>();
        StringBuilder payload = new StringBuilder(replica).append(':');
        int empty = payload.length();
        for (Long id : streams) {
            String item = Long.toString(id);
            if (payload.length() + item.length() + 1 > MAX_PAYLOAD) {
                payloads.add(payload.toString());
                payload.setLength(empty);
            }
            if (payload.length() > empty) {
                payload.append(',');
            }
            payload.append(item);
        }
        if (payload.length() > empty) {
            payloads.add(payload.toString());
        }
        return payloads;
    }

    private void listenLoop() {
        long backoffMillis = 500;
        while (running) {
            try (Connection c = DriverManager.getConnection(
                    connection.getJdbcUrl(), connection.getUsername(), connection.getPassword())) {
                try (Statement listen = c.createStatement()) {
                    listen.execute("LISTEN " + CHANNEL);
                }
                backoffMillis = 500;
                watches.wakeAll();
                PGConnection pg = c.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(1000);
                    if (notifications != null) {
                        for (PGNotification notification : notifications) {
                            receive(notification.getParameter());
                        }
                    }
                }
            } catch (SQLException e) {
                if (!running) {
                    return;
                }
                log.warn(
                        "listening for log stream notifications failed, retrying in {} ms: {}",
                        backoffMillis,
                        e.getMessage());
                watches.wakeAll();
                try {
                    Thread.sleep(backoffMillis);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
                backoffMillis = Math.min(backoffMillis * 2, 10_000);
            }
        }
    }

    private void receive(String payload) {
        int colon = payload.indexOf(':');
        if (colon < 0 || payload.substring(0, colon).equals(replica)) {
            return; // our own news reached our tails already
        }
        List<Long> ids = new ArrayList<>();
        for (String id : payload.substring(colon + 1).split(",")) {
            try {
                ids.add(Long.parseLong(id));
            } catch (NumberFormatException e) {
                log.debug("ignoring malformed notification item {}", id);
            }
        }
        watches.wake(ids);
    }

    @Override
    public void start() {
        running = true;
        listener = Thread.ofPlatform().name("log-notify-listen").daemon().start(this::listenLoop);
        notifier = Thread.ofPlatform().name("log-notify-send").daemon().start(this::notifyLoop);
    }

    @Override
    public void stop() {
        running = false;
        for (Thread thread : new Thread[] {notifier, listener}) {
            if (thread != null) {
                thread.interrupt();
                try {
                    thread.join(Duration.ofSeconds(5));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Outlives the writers, which announce until they have written everything queued. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 8192;
    }
}
