package io.chaosplane.controlplane.event;

import io.chaosplane.controlplane.access.ResourceScope;
import java.time.Clock;
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
        jdbc.sql("""
                        INSERT INTO events (account_id, occurred_at, type, reason, resource_kind, resource_name, resource_id,
                                            org_identifier, project_identifier, namespace, message)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(
                        accountId,
                        java.sql.Timestamp.from(clock.instant()),
                        type.name(),
                        reason,
                        subject.kind(),
                        subject.name(),
                        subject.id(),
                        subject.project() == null ? null : subject.project().organization(),
                        subject.project() == null ? null : subject.project().project(),
                        subject.namespace() == null ? "" : subject.namespace(),
                        message)
                .update();
    }

    /** Monthly partitions are made two months ahead; the default partition catches anything else. */
    @Scheduled(initialDelay = 0, fixedDelayString = "PT12H")
    void ensurePartitions() {
        jdbc.sql("SELECT ensure_event_partitions(2)").query().singleRow();
    }
}
