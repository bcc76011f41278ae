package io.chaosplane.controlplane.common;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * PostgreSQL LISTEN/NOTIFY for the whole replica, on one dedicated connection outside the pool (LISTEN does not
 * survive a pooled or transaction-mode connection). Features subscribe to channels with a handler, and learn of
 * reconnects, after which what was sent meanwhile is lost: they must then look again by themselves.
 * Notifications are sent outside any transaction, so that no write transaction pays NOTIFY's commit-time lock.
 */
@Component
public class PgNotifications implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PgNotifications.class);
    private static final Pattern CHANNEL = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private final Map<String, List<Consumer<String>>> handlers = new ConcurrentHashMap<>();
    private final List<Runnable> reconnectHandlers = new CopyOnWriteArrayList<>();
    private final JdbcTemplate jdbc;
    private final DataSourceProperties dataSource;
    private volatile boolean running;
    private volatile Thread listener;

    PgNotifications(JdbcTemplate jdbc, DataSourceProperties dataSource) {
        this.jdbc = jdbc;
        this.dataSource = dataSource;
    }

    /** Calls the handler with each notification's payload on the channel; subscribe before the context starts. */
    public void subscribe(String channel, Consumer<String> handler) {
        if (!CHANNEL.matcher(channel).matches()) {
            throw new IllegalArgumentException("not a plain channel name: " + channel);
        }
        handlers.computeIfAbsent(channel, name -> new CopyOnWriteArrayList<>()).add(handler);
    }

    /** Called after every (re)connection of the listener, when notifications may have been missed. */
    public void onReconnect(Runnable handler) {
        reconnectHandlers.add(handler);
    }

    /** Sends a notification; failures are logged, as a notification is only ever a hint. */
    public void send(String channel, String payload) {
        try {
            jdbc.queryForObject("SELECT pg_notify(?, ?)", Object.class, channel, payload);
        } catch (RuntimeException e) {
            log.debug("could not notify {}: {}", channel, e.getMessage());
        }
    }

    @Override
    public void start() {
        running = true;
        listener = Thread.ofPlatform().daemon().name("pg-notifications").start(this::listen);
    }

    @Override
    public void stop() {
        running = false;
        Thread thread = listener;
        if (thread != null) {
            thread.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void listen() {
        long backoffMillis = 200;
        while (running) {
            try (Connection connection = DriverManager.getConnection(
                    dataSource.determineUrl(), dataSource.determineUsername(), dataSource.determinePassword())) {
                try (Statement statement = connection.createStatement()) {
                    for (String channel : handlers.keySet()) {
                        statement.execute("LISTEN " + channel);
                    }
                }
                backoffMillis = 200;
                reconnectHandlers.forEach(Runnable::run);
                PGConnection pg = connection.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(500);
                    if (notifications != null) {
                        for (PGNotification notification : notifications) {
                            dispatch(notification.getName(), notification.getParameter());
                        }
                    }
                }
            } catch (SQLException e) {
                if (!running) {
                    return;
                }
                log.warn("notification listener lost its connection, reconnecting: {}", e.getMessage());
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

    private void dispatch(String channel, String payload) {
        for (Consumer<String> handler : handlers.getOrDefault(channel, List.of())) {
            try {
                handler.accept(payload);
            } catch (RuntimeException e) {
                log.warn("handler of {} failed: {}", channel, e.getMessage());
            }
        }
    }
}
