package io.chaosplane.controlplane.analysis;

import io.chaosplane.controlplane.access.ProjectScope;
import io.chaosplane.topology.RunOutcomes;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * What the analysis reads about a project besides its graph: run outcomes, score history, schedules, agents,
 * policies and team overrides. Reads only, each statement naming the project (row-level security also binds them to
 * the caller's account); the tables belong to their features, which this package never writes.
 */
@Repository
class ProjectFacts {

    /** A run held up: it completed and no fault failed. Failed runs, or completed ones with a failed fault, did not. */
    static final String PASSED = "(r.phase = 'Completed' AND r.faults_failed = 0)";

    static final String FINISHED_VERDICT = "(r.phase = 'Failed' OR r.phase = 'Completed')";

    private final JdbcClient jdbc;

    ProjectFacts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Finished runs per experiment name (aborted and stopped runs are no verdict). */
    Map<String, RunOutcomes> outcomesByExperiment(ProjectScope scope) {
        return jdbc
                .sql("SELECT e.name, count(*) FILTER (WHERE " + PASSED + ") AS passed,"
                        + " count(*) FILTER (WHERE NOT " + PASSED + ") AS failed"
                        + " FROM experiment_runs r JOIN experiments e ON e.id = r.experiment_id"
                        + " WHERE r.account_id = ? AND r.org_identifier = ? AND r.project_identifier = ?"
                        + " AND r.finished_at IS NOT NULL AND " + FINISHED_VERDICT
                        + " GROUP BY e.name ORDER BY e.name")
                .params(scope.accountId(), scope.organization(), scope.project())
                .query((rs, n) ->
                        Map.entry(rs.getString("name"), new RunOutcomes(rs.getInt("passed"), rs.getInt("failed"))))
                .list()
                .stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    /** Runs per experiment name that finished after {@code since}, counted as {@link #outcomesByExperiment} does. */
    Map<String, RunOutcomes> outcomesByExperimentSince(ProjectScope scope, Instant since) {
        return jdbc
                .sql("SELECT e.name, count(*) FILTER (WHERE " + PASSED + ") AS passed,"
                        + " count(*) FILTER (WHERE NOT " + PASSED + ") AS failed"
                        + " FROM experiment_runs r JOIN experiments e ON e.id = r.experiment_id"
                        + " WHERE r.account_id = ? AND r.org_identifier = ? AND r.project_identifier = ?"
                        + " AND r.finished_at > ? AND " + FINISHED_VERDICT
                        + " GROUP BY e.name ORDER BY e.name")
                .params(scope.accountId(), scope.organization(), scope.project(), Timestamp.from(since))
                .query((rs, n) ->
                        Map.entry(rs.getString("name"), new RunOutcomes(rs.getInt("passed"), rs.getInt("failed"))))
                .list()
                .stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    record ComponentRun(
            UUID runId, String experiment, int runSequence, String phase, Instant createdAt, Instant finishedAt) {}

    /** The latest runs of the named experiments, newest first. */
    List<ComponentRun> runsOf(ProjectScope scope, List<String> experiments, int limit) {
        if (experiments.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                        SELECT r.id, e.name, r.run_sequence, r.phase, r.created_at, r.finished_at
                          FROM experiment_runs r JOIN experiments e ON e.id = r.experiment_id
                         WHERE r.account_id = ? AND r.org_identifier = ? AND r.project_identifier = ?
                           AND e.name = ANY (?)
                         ORDER BY r.created_at DESC, r.id LIMIT ?""")
                .params(
                        scope.accountId(),
                        scope.organization(),
                        scope.project(),
                        experiments.toArray(String[]::new),
                        limit)
                .query((rs, n) -> new ComponentRun(
                        rs.getObject("id", UUID.class),
                        rs.getString("name"),
                        rs.getInt("run_sequence"),
                        rs.getString("phase"),
                        rs.getTimestamp("created_at").toInstant(),
                        rs.getTimestamp("finished_at") == null
                                ? null
                                : rs.getTimestamp("finished_at").toInstant()))
                .list();
    }

    record PassRate(int passed, int failed) {
        Double rate() {
            return passed + failed == 0 ? null : (double) passed / (passed + failed);
        }
    }

    PassRate passRate(ProjectScope scope, Instant since) {
        return jdbc.sql("SELECT count(*) FILTER (WHERE " + PASSED + ") AS passed,"
                        + " count(*) FILTER (WHERE NOT " + PASSED + ") AS failed FROM experiment_runs r"
                        + " WHERE r.account_id = ? AND r.org_identifier = ? AND r.project_identifier = ?"
                        + " AND r.finished_at > ? AND " + FINISHED_VERDICT)
                .params(scope.accountId(), scope.organization(), scope.project(), Timestamp.from(since))
                .query((rs, n) -> new PassRate(rs.getInt("passed"), rs.getInt("failed")))
                .single();
    }

    /** Mean minutes from a failed run's end to the next passing run of the same experiment; null without one. */
    Double meanMinutesToRecover(ProjectScope scope, Instant since) {
        return jdbc.sql("SELECT avg(EXTRACT(EPOCH FROM (p.next_pass - f.finished_at)) / 60)::double precision"
                        + " FROM (SELECT r.experiment_id, r.finished_at FROM experiment_runs r"
                        + "  WHERE r.account_id = ? AND r.org_identifier = ? AND r.project_identifier = ?"
                        + "  AND r.finished_at > ? AND " + FINISHED_VERDICT + " AND NOT " + PASSED + ") f"
                        + " CROSS JOIN LATERAL (SELECT min(r.finished_at) AS next_pass FROM experiment_runs r"
                        + "  WHERE r.account_id = ? AND r.experiment_id = f.experiment_id AND " + PASSED
                        + "  AND r.finished_at > f.finished_at) p WHERE p.next_pass IS NOT NULL")
                .params(
                        scope.accountId(),
                        scope.organization(),
                        scope.project(),
                        Timestamp.from(since),
                        scope.accountId())
                .query(Double.class)
                .optional()
                .orElse(null);
    }

    record FailedRun(
            UUID runId,
            String experiment,
            int runSequence,
            String phase,
            Instant finishedAt,
            int faultsFailed,
            String message,
            String faultReason) {}

    List<FailedRun> lastFailedRuns(ProjectScope scope, int limit) {
        return jdbc.sql("""
                        SELECT r.id, e.name, r.run_sequence, r.phase, r.finished_at, r.faults_failed, r.message,
                               (SELECT concat_ws(': ', f.name, f.error_code, f.error_reason) FROM run_faults f
                                 WHERE f.account_id = r.account_id AND f.run_id = r.id
                                   AND (f.error_reason IS NOT NULL OR f.error_code IS NOT NULL
                                        OR f.verdict = 'Fail')
                                 ORDER BY f.step_index, f.position LIMIT 1) AS fault_reason
                          FROM experiment_runs r JOIN experiments e ON e.id = r.experiment_id
                         WHERE r.account_id = ? AND r.org_identifier = ? AND r.project_identifier = ?
                           AND r.finished_at IS NOT NULL
                           AND (r.phase = 'Failed' OR (r.phase = 'Completed' AND r.faults_failed > 0))
                         ORDER BY r.finished_at DESC, r.id LIMIT ?""")
                .params(scope.accountId(), scope.organization(), scope.project(), limit)
                .query((rs, n) -> new FailedRun(
                        rs.getObject("id", UUID.class),
                        rs.getString("name"),
                        rs.getInt("run_sequence"),
                        rs.getString("phase"),
                        rs.getTimestamp("finished_at").toInstant(),
                        rs.getInt("faults_failed"),
                        rs.getString("message"),
                        rs.getString("fault_reason")))
                .list();
    }

    record Upcoming(String test, String experiment, String cron, String timezone, Instant dueAt) {}

    List<Upcoming> nextScheduled(ProjectScope scope, int limit) {
        return jdbc.sql("""
                        SELECT t.name, e.name AS experiment, t.cron, t.timezone, q.due_at
                          FROM scheduled_tests t JOIN schedule_queue q ON q.test_id = t.id
                          JOIN experiments e ON e.id = t.experiment_id
                         WHERE t.account_id = ? AND t.org_identifier = ? AND t.project_identifier = ?
                         ORDER BY q.due_at, t.name LIMIT ?""")
                .params(scope.accountId(), scope.organization(), scope.project(), limit)
                .query((rs, n) -> new Upcoming(
                        rs.getString("name"),
                        rs.getString("experiment"),
                        rs.getString("cron"),
                        rs.getString("timezone"),
                        rs.getTimestamp("due_at").toInstant()))
                .list();
    }

    record Infrastructure(String identifier, String name, String type, String status, Instant lastHeartbeatAt) {}

    List<Infrastructure> infrastructures(ProjectScope scope) {
        return jdbc.sql("""
                        SELECT identifier, name, type, status, last_heartbeat_at FROM infrastructures
                         WHERE account_id = ? AND org_identifier = ? AND project_identifier = ?
                         ORDER BY identifier""")
                .params(scope.accountId(), scope.organization(), scope.project())
                .query((rs, n) -> new Infrastructure(
                        rs.getString("identifier"),
                        rs.getString("name"),
                        rs.getString("type"),
                        rs.getString("status"),
                        rs.getTimestamp("last_heartbeat_at") == null
                                ? null
                                : rs.getTimestamp("last_heartbeat_at").toInstant()))
                .list();
    }

    List<String> experimentNames(ProjectScope scope) {
        return jdbc.sql("""
                        SELECT name FROM experiments
                         WHERE account_id = ? AND org_identifier = ? AND project_identifier = ? ORDER BY name""")
                .params(scope.accountId(), scope.organization(), scope.project())
                .query(String.class)
                .list();
    }

    record Governance(int policies, int enabledPolicies, int awaitingApproval, int approvedLast30Days) {}

    Governance governance(ProjectScope scope, Instant now) {
        Timestamp since = Timestamp.from(now.minusSeconds(30L * 24 * 3600));
        return jdbc.sql("""
                        SELECT (SELECT count(*) FROM policies p WHERE p.account_id = :a AND p.org_identifier = :o
                                   AND p.project_identifier = :p) AS policies,
                               (SELECT count(*) FROM policies p WHERE p.account_id = :a AND p.org_identifier = :o
                                   AND p.project_identifier = :p AND p.enabled) AS enabled,
                               (SELECT count(*) FROM experiment_runs r WHERE r.account_id = :a
                                   AND r.org_identifier = :o AND r.project_identifier = :p AND r.awaiting_approval
                                   AND r.finished_at IS NULL) AS awaiting,
                               (SELECT count(*) FROM experiment_runs r WHERE r.account_id = :a
                                   AND r.org_identifier = :o AND r.project_identifier = :p
                                   AND r.approved_at > :since) AS approved""")
                .param("a", scope.accountId())
                .param("o", scope.organization())
                .param("p", scope.project())
                .param("since", since)
                .query((rs, n) -> new Governance(
                        rs.getInt("policies"), rs.getInt("enabled"), rs.getInt("awaiting"), rs.getInt("approved")))
                .single();
    }

    record ScorePoint(int revision, Instant at, double score, int spofs) {}

    /** The latest revisions' scores, oldest first. */
    List<ScorePoint> scoreHistory(ProjectScope scope, int limit) {
        List<ScorePoint> newestFirst = jdbc.sql("""
                        SELECT revision, created_at, resilience_score, spof_count FROM topology_revisions
                         WHERE account_id = ? AND org_identifier = ? AND project_identifier = ?
                         ORDER BY revision DESC LIMIT ?""")
                .params(scope.accountId(), scope.organization(), scope.project(), limit)
                .query((rs, n) -> new ScorePoint(
                        rs.getInt("revision"),
                        rs.getTimestamp("created_at").toInstant(),
                        rs.getDouble("resilience_score"),
                        rs.getInt("spof_count")))
                .list();
        return newestFirst.reversed();
    }

    Map<String, String> teams(ProjectScope scope) {
        return jdbc
                .sql("""
                        SELECT component_id, team FROM component_teams
                         WHERE account_id = ? AND org_identifier = ? AND project_identifier = ?""")
                .params(scope.accountId(), scope.organization(), scope.project())
                .query((rs, n) -> Map.entry(rs.getString(1), rs.getString(2)))
                .list()
                .stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    void setTeam(ProjectScope scope, String componentId, String team, String actor, Instant now) {
        if (team == null) {
            jdbc.sql("""
                            DELETE FROM component_teams
                             WHERE account_id = ? AND org_identifier = ? AND project_identifier = ?
                               AND component_id = ?""")
                    .params(scope.accountId(), scope.organization(), scope.project(), componentId)
                    .update();
            return;
        }
        jdbc.sql("""
                        INSERT INTO component_teams (account_id, org_identifier, project_identifier, component_id,
                            team, updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (account_id, org_identifier, project_identifier, component_id)
                        DO UPDATE SET team = EXCLUDED.team, updated_by = EXCLUDED.updated_by,
                                      updated_at = EXCLUDED.updated_at""")
                .params(
                        scope.accountId(),
                        scope.organization(),
                        scope.project(),
                        componentId,
                        team,
                        actor,
                        Timestamp.from(now))
                .update();
    }
}
