package io.chaosplane.controlplane.halt;

import io.chaosplane.controlplane.halt.HaltDtos.HaltView;
import io.chaosplane.controlplane.run.RunPlan;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The halts table. Every query names the account; all join the caller's transaction. */
@Component
class HaltStore {

    private static final String COLUMNS = """
            id, scope, org_identifier, project_identifier, environment_identifier, infrastructure_id, reason,
            created_by, created_at, runs_stopped, faults_reverting, lifted_by, lifted_at""";

    private final JdbcClient jdbc;

    HaltStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Making a halt takes the account's halt lock alone, starting a run takes it shared: a run started while a halt
     * is made is either seen and stopped by it, or sees it and is refused.
     */
    void lockToHalt(String accountId) {
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtextextended('halts:' || ?, 0))")
                .param(accountId)
                .query()
                .singleRow();
    }

    void lockToStart(String accountId) {
        jdbc.sql("SELECT pg_advisory_xact_lock_shared(hashtextextended('halts:' || ?, 0))")
                .param(accountId)
                .query()
                .singleRow();
    }

    Optional<HaltView> byIdempotencyKey(String accountId, String key) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM halts WHERE account_id = ? AND idempotency_key = ?")
                .params(accountId, key)
                .query(HaltStore::view)
                .optional();
    }

    /** An active halt of the same scope and target, which a new one would only repeat. */
    Optional<HaltView> activeEqual(String accountId, Target target) {
        return jdbc.sql("SELECT " + COLUMNS + """
                         FROM halts
                        WHERE account_id = :account AND lifted_at IS NULL AND scope = :scope
                          AND org_identifier IS NOT DISTINCT FROM :org
                          AND project_identifier IS NOT DISTINCT FROM :project
                          AND environment_identifier IS NOT DISTINCT FROM :env
                          AND infrastructure_id IS NOT DISTINCT FROM CAST(:infra AS uuid)
                        ORDER BY created_at LIMIT 1""")
                .param("account", accountId)
                .param("scope", target.scope().wireName())
                .param("org", target.organization())
                .param("project", target.project())
                .param("env", target.environment())
                .param("infra", target.infrastructureId())
                .query(HaltStore::view)
                .optional();
    }

    void insert(
            String accountId,
            UUID id,
            Target target,
            String reason,
            String idempotencyKey,
            String createdBy,
            Instant now) {
        jdbc.sql("""
                        INSERT INTO halts (id, account_id, scope, org_identifier, project_identifier,
                                           environment_identifier, infrastructure_id, reason, idempotency_key,
                                           created_by, created_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(
                        id,
                        accountId,
                        target.scope().wireName(),
                        target.organization(),
                        target.project(),
                        target.environment(),
                        target.infrastructureId(),
                        reason,
                        idempotencyKey,
                        createdBy,
                        Timestamp.from(now))
                .update();
    }

    void recordStopped(String accountId, UUID id, int runs, int faults) {
        jdbc.sql("UPDATE halts SET runs_stopped = ?, faults_reverting = ? WHERE account_id = ? AND id = ?")
                .params(runs, faults, accountId, id)
                .update();
    }

    /** The runs the halt stopped, for its progress. */
    void recordRuns(String accountId, UUID id, List<UUID> runIds) {
        for (UUID runId : runIds) {
            jdbc.sql("INSERT INTO halt_runs (halt_id, account_id, run_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
                    .params(id, accountId, runId)
                    .update();
        }
    }

    List<UUID> runs(String accountId, UUID id) {
        return jdbc.sql("SELECT run_id FROM halt_runs WHERE account_id = ? AND halt_id = ? ORDER BY run_id")
                .params(accountId, id)
                .query(UUID.class)
                .list();
    }

    Optional<HaltView> find(String accountId, UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM halts WHERE account_id = ? AND id = ?")
                .params(accountId, id)
                .query(HaltStore::view)
                .optional();
    }

    Optional<HaltView> lockForLift(String accountId, UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM halts WHERE account_id = ? AND id = ? FOR UPDATE")
                .params(accountId, id)
                .query(HaltStore::view)
                .optional();
    }

    /** The account's halts, active first, then newest first; an account has few. */
    List<HaltView> all(String accountId) {
        return jdbc.sql("SELECT " + COLUMNS
                        + " FROM halts WHERE account_id = ? ORDER BY lifted_at IS NOT NULL, created_at DESC")
                .param(accountId)
                .query(HaltStore::view)
                .list();
    }

    void lift(String accountId, UUID id, String liftedBy, Instant now) {
        jdbc.sql("UPDATE halts SET lifted_by = ?, lifted_at = ? WHERE account_id = ? AND id = ? AND lifted_at IS NULL")
                .params(liftedBy, Timestamp.from(now), accountId, id)
                .update();
    }

    /** The oldest active halt whose scope covers the plan's project or one of its infrastructures. */
    Optional<HaltView> blocking(String accountId, RunPlan plan) {
        List<UUID> infrastructures = plan.steps().stream()
                .flatMap(List::stream)
                .map(RunPlan.Fault::infrastructureId)
                .filter(java.util.Objects::nonNull)
                .distinct()
                .toList();
        return jdbc.sql("SELECT " + COLUMNS + """
                         FROM halts h
                        WHERE h.account_id = :account AND h.lifted_at IS NULL
                          AND (h.scope = 'account'
                               OR h.scope = 'organization' AND h.org_identifier = :org
                               OR h.scope = 'project' AND h.org_identifier = :org AND h.project_identifier = :project
                               OR h.scope = 'environment' AND EXISTS (
                                      SELECT 1 FROM infrastructures i
                                       WHERE i.account_id = :account AND i.id = ANY (CAST(:infras AS uuid[]))
                                         AND i.org_identifier = h.org_identifier
                                         AND i.project_identifier = h.project_identifier
                                         AND i.environment_identifier = h.environment_identifier)
                               OR h.scope = 'infrastructure' AND h.infrastructure_id = ANY (CAST(:infras AS uuid[])))
                        ORDER BY h.created_at LIMIT 1""")
                .param("account", accountId)
                .param("org", plan.organization())
                .param("project", plan.project())
                .param("infras", infrastructures.toArray(UUID[]::new))
                .query(HaltStore::view)
                .optional();
    }

    private static HaltView view(ResultSet rs, int row) throws SQLException {
        Timestamp lifted = rs.getTimestamp("lifted_at");
        return new HaltView(
                rs.getObject("id", UUID.class),
                rs.getString("scope"),
                rs.getString("org_identifier"),
                rs.getString("project_identifier"),
                rs.getString("environment_identifier"),
                rs.getObject("infrastructure_id", UUID.class),
                rs.getString("reason"),
                rs.getString("created_by"),
                rs.getTimestamp("created_at").toInstant(),
                rs.getInt("runs_stopped"),
                rs.getInt("faults_reverting"),
                lifted == null,
                rs.getString("lifted_by"),
                lifted == null ? null : lifted.toInstant());
    }
}
