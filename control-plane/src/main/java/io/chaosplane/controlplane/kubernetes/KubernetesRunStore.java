package io.chaosplane.controlplane.kubernetes;

import io.chaosplane.protocol.ProtocolJson;
import io.chaosplane.protocol.k8s.ExecutionData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The merged node tree of each Kubernetes run, with whose runner may report on it. Every query names the account; all
 * join the caller's transaction.
 */
@Component
class KubernetesRunStore {

    record Stored(
            UUID infrastructureId,
            UUID experimentId,
            ExecutionData tree,
            boolean completed,
            int events,
            Instant updatedAt) {}

    private static final String COLUMNS = """
            SELECT infrastructure_id, experiment_id, execution_data::text AS tree, completed, events, updated_at
              FROM kubernetes_runs WHERE account_id = ? AND run_id = ?""";

    private final JdbcClient jdbc;

    KubernetesRunStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The run's tree, locked for a merge; empty before the run's first event. */
    Optional<Stored> lock(String accountId, UUID runId) {
        return jdbc.sql(COLUMNS + " FOR UPDATE")
                .params(accountId, runId)
                .query((rs, n) -> stored(rs))
                .optional();
    }

    /** The run's first tree (a runner racing itself inserts it once), then locked. */
    Stored create(
            String accountId,
            UUID runId,
            UUID infrastructureId,
            UUID experimentId,
            ExecutionData initial,
            Instant now) {
        jdbc.sql("""
                        INSERT INTO kubernetes_runs (run_id, account_id, infrastructure_id, experiment_id, execution_data,
                                                     updated_at)
                        VALUES (?, ?, ?, ?, ?::jsonb, ?) ON CONFLICT (run_id) DO NOTHING""")
                .params(
                        runId,
                        accountId,
                        infrastructureId,
                        experimentId,
                        ProtocolJson.mapper().writeValueAsString(initial),
                        Timestamp.from(now))
                .update();
        return lock(accountId, runId).orElseThrow();
    }

    void save(String accountId, UUID runId, ExecutionData tree, boolean completed, int events, Instant now) {
        jdbc.sql("""
                        UPDATE kubernetes_runs SET execution_data = ?::jsonb, completed = ?, events = ?, updated_at = ?
                         WHERE account_id = ? AND run_id = ?""")
                .params(
                        ProtocolJson.mapper().writeValueAsString(tree),
                        completed,
                        events,
                        Timestamp.from(now),
                        accountId,
                        runId)
                .update();
    }

    Optional<Stored> find(String accountId, UUID runId) {
        return jdbc.sql(COLUMNS)
                .params(accountId, runId)
                .query((rs, n) -> stored(rs))
                .optional();
    }

    private static Stored stored(ResultSet rs) throws SQLException {
        return new Stored(
                rs.getObject("infrastructure_id", UUID.class),
                rs.getObject("experiment_id", UUID.class),
                ProtocolJson.mapper().readValue(rs.getString("tree"), ExecutionData.class),
                rs.getBoolean("completed"),
                rs.getInt("events"),
                rs.getTimestamp("updated_at").toInstant());
    }
}
