package io.chaosplane.controlplane.kubernetes;

import io.chaosplane.protocol.ProtocolJson;
import io.chaosplane.protocol.k8s.ExecutionData;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The merged node tree of each Kubernetes run. Every query names the account; all join the caller's transaction. */
@Component
class KubernetesRunStore {

    record Stored(ExecutionData tree, boolean completed, int events, Instant updatedAt) {
    }

    private final JdbcClient jdbc;

    KubernetesRunStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The run's tree, locked for a merge; made from {@code initial} on the run's first event. */
    Stored lock(String accountId, UUID runId, ExecutionData initial, Instant now) {
        jdbc.sql("""
                        INSERT INTO kubernetes_runs (run_id, account_id, execution_data, updated_at)
                        VALUES (?, ?, ?::jsonb, ?) ON CONFLICT (run_id) DO NOTHING""")
                .params(runId, accountId, ProtocolJson.mapper().writeValueAsString(initial), Timestamp.from(now))
                .update();
        return jdbc.sql("""
                        SELECT execution_data::text AS tree, completed, events, updated_at FROM kubernetes_runs
                         WHERE account_id = ? AND run_id = ? FOR UPDATE""")
                .params(accountId, runId)
                .query((rs, n) -> stored(rs))
                .single();
    }

    void save(String accountId, UUID runId, ExecutionData tree, boolean completed, int events, Instant now) {
        jdbc.sql("""
                        UPDATE kubernetes_runs SET execution_data = ?::jsonb, completed = ?, events = ?, updated_at = ?
                         WHERE account_id = ? AND run_id = ?""")
                .params(ProtocolJson.mapper().writeValueAsString(tree), completed, events, Timestamp.from(now),
                        accountId, runId)
                .update();
    }

    Optional<Stored> find(String accountId, UUID runId) {
        return jdbc.sql("""
                        SELECT execution_data::text AS tree, completed, events, updated_at FROM kubernetes_runs
                         WHERE account_id = ? AND run_id = ?""")
                .params(accountId, runId)
                .query((rs, n) -> stored(rs))
                .optional();
    }

    private static Stored stored(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Stored(ProtocolJson.mapper().readValue(rs.getString("tree"), ExecutionData.class),
                rs.getBoolean("completed"), rs.getInt("events"), rs.getTimestamp("updated_at").toInstant());
    }
}
