package io.chaosplane.controlplane.infra;

import io.chaosplane.controlplane.access.ResourceScope;
import io.chaosplane.controlplane.access.TenantContext;
import io.chaosplane.controlplane.event.Events;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Liveness without a write per heartbeat: each replica keeps the last time it heard each agent in memory and
 * writes them all every few seconds in one statement. Only a change of state (CONNECTED ⇄ DISCONNECTED) is
 * written on its own, with an event.
 */
@Component
class Heartbeats {

    private static final Logger log = LoggerFactory.getLogger(Heartbeats.class);
    private static final long SWEEP_LOCK = 0x4350485242454154L; // "CPHRBEAT"

    record Transition(UUID id, String accountId, String name, ResourceScope project) {

        static Transition of(java.sql.ResultSet row) throws java.sql.SQLException {
            return new Transition(
                    row.getObject("id", UUID.class),
                    row.getString("account_id"),
                    row.getString("name"),
                    ResourceScope.project(row.getString("org_identifier"), row.getString("project_identifier")));
        }
    }

    private final Map<UUID, Instant> heard = new ConcurrentHashMap<>();
    // When this replica last wrote each agent's heartbeat: a connected agent's is written again only once it is a
    // third of the timeout old, which is fresh enough to keep it CONNECTED and saves most of the writes.
    private final Map<UUID, Instant> written = new ConcurrentHashMap<>();
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final TenantContext tenants;
    private final Events events;
    private final LivenessProperties properties;
    private final Clock clock;
    private final Timer flushTime;
    private final DistributionSummary flushRows;

    Heartbeats(
            JdbcTemplate jdbc,
            TransactionTemplate transactions,
            TenantContext tenants,
            Events events,
            LivenessProperties properties,
            Clock clock,
            MeterRegistry registry) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.tenants = tenants;
        this.events = events;
        this.properties = properties;
        this.clock = clock;
        this.flushTime = Timer.builder("chaosplane.liveness.flush")
                .description("one flush of the heartbeats heard since the last, in one statement")
                .register(registry);
        this.flushRows = DistributionSummary.builder("chaosplane.liveness.flush.rows")
                .description("agents' last-seen times written by one flush")
                .register(registry);
    }

    void heard(UUID infrastructureId) {
        heard.put(infrastructureId, clock.instant());
    }

    /** A new agent, or one whose key was reset: its next heartbeat is written at the next flush. */
    void forget(UUID infrastructureId) {
        written.remove(infrastructureId);
    }

    @Scheduled(fixedDelayString = "${chaosplane.liveness.flush-interval:5s}")
    void flush() {
        if (heard.isEmpty()) {
            return;
        }
        Instant staleBefore = clock.instant().minus(properties.timeout().dividedBy(3));
        List<UUID> ids = new ArrayList<>();
        List<Timestamp> seen = new ArrayList<>();
        for (UUID id : List.copyOf(heard.keySet())) {
            Instant lastWritten = written.get(id);
            if (lastWritten != null && lastWritten.isAfter(staleBefore)) {
                continue; // recent enough in the database; kept in memory for a later flush
            }
            ids.add(id);
            seen.add(Timestamp.from(heard.remove(id)));
        }
        if (ids.isEmpty()) {
            return;
        }
        Timestamp[] times = seen.toArray(Timestamp[]::new);
        long started = System.nanoTime();
        try {
            List<Transition> connected = jdbc.execute((java.sql.Connection connection) -> {
                try (var statement = connection.prepareStatement("SELECT * FROM record_heartbeats(?, ?)")) {
                    statement.setArray(1, connection.createArrayOf("uuid", ids.toArray()));
                    statement.setArray(2, connection.createArrayOf("timestamptz", times));
                    List<Transition> rows = new ArrayList<>();
                    try (var result = statement.executeQuery()) {
                        while (result.next()) {
                            rows.add(Transition.of(result));
                        }
                    }
                    return rows;
                }
            });
            flushTime.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            flushRows.record(ids.size());
            Instant now = clock.instant();
            ids.forEach(id -> written.put(id, now));
            written.values()
                    .removeIf(at -> at.isBefore(now.minus(properties.timeout().multipliedBy(2))));
            connected.forEach(agent -> event(agent, Events.Type.Normal, "AgentConnected", "agent connected"));
        } catch (RuntimeException e) {
            for (int i = 0; i < ids.size(); i++) {
                heard.merge(ids.get(i), times[i].toInstant(), (newer, older) -> newer.isAfter(older) ? newer : older);
            }
            log.warn("could not record {} heartbeats, will retry: {}", ids.size(), e.getMessage());
        }
    }

    /** One replica at a time marks agents that went silent as DISCONNECTED. */
    @Scheduled(fixedDelayString = "${chaosplane.liveness.flush-interval:5s}")
    void markSilent() {
        List<Transition> silent = transactions.execute(status -> {
            Boolean locked = jdbc.queryForObject("SELECT pg_try_advisory_xact_lock(?)", Boolean.class, SWEEP_LOCK);
            if (!Boolean.TRUE.equals(locked)) {
                return List.<Transition>of();
            }
            return jdbc.query(
                    "SELECT * FROM mark_silent_infrastructures(?)",
                    (rs, n) -> Transition.of(rs),
                    Timestamp.from(clock.instant().minus(properties.timeout())));
        });
        if (silent != null) {
            silent.forEach(agent -> written.remove(agent.id()));
            silent.forEach(agent -> event(
                    agent,
                    Events.Type.Warning,
                    "AgentDisconnected",
                    "no heartbeat for " + properties.timeout().toSeconds() + "s"));
        }
    }

    private void event(Transition agent, Events.Type type, String reason, String message) {
        tenants.runAs(
                agent.accountId(),
                () -> transactions.executeWithoutResult(status -> events.record(
                        agent.accountId(),
                        type,
                        reason,
                        new Events.Subject(
                                "Infrastructure", agent.name(), agent.id().toString(), null, agent.project()),
                        message)));
        log.info("infrastructure {} ({}) {}", agent.name(), agent.id(), reason);
    }
}
