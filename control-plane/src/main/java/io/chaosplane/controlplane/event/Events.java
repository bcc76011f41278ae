package io.chaosplane.controlplane.event;

import io.chaosplane.controlplane.access.ResourceScope;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The event log of seed 000's {@code GET /api/v1/events}: every phase change, injection, revert, probe outcome,
 * policy decision and agent connect or disconnect. Written in the caller's transaction, in its tenant.
 */
@Component
public class Events {

    public enum Type {
        Normal,
        Warning
    }

    /** What an event is about: a kind (Experiment, Infrastructure...), its name, id, namespace and project. */
    public record Subject(String kind, String name, String id, String namespace, ResourceScope project) {}

    private final JdbcClient jdbc;
    private final Clock clock;

    Events(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public void record(String accountId, Type type, String reason, Subject subject, String message) {
        record(accountId, subject, List.of(new Entry(type, reason, message, clock.instant())));
    }

    /** One event of several about the same subject, as it happened. */
    public record Entry(Type type, String reason, String message, Instant occurredAt) {}

    /** Several events about one subject, in order, in one statement (a hot path's several events cost one insert). */
    public void record(String accountId, Subject subject, List<Entry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        List<Object> params = new ArrayList<>(entries.size() * 11);
        for (Entry entry : entries) {
            params.addAll(Arrays.asList(
                    accountId,
                    Timestamp.from(entry.occurredAt()),
                    entry.type().name(),
                    entry.reason(),
                    subject.kind(),
                    subject.name(),
                    subject.id(),
                    subject.project() == null ? null : subject.project().organization(),
                    subject.project() == null ? null : subject.project().project(),
                    subject.namespace() == null ? "" : subject.namespace(),
                    entry.message()));
        }
        jdbc.sql(INSERT + String.join(", ", Collections.nCopies(entries.size(), ROW)))
                .params(params)
                .update();
    }

    private static final String INSERT = """
            INSERT INTO events (account_id, occurred_at, type, reason, resource_kind, resource_name, resource_id,
                                org_identifier, project_identifier, namespace, message)
            VALUES """;
    private static final String ROW = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    /** Monthly partitions are made two months ahead; the default partition catches anything else. */
    @Scheduled(initialDelay = 0, fixedDelayString = "PT12H")
    void ensurePartitions() {
        jdbc.sql("SELECT ensure_event_partitions(2)").query().singleRow();
    }
}
