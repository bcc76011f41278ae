package io.chaosplane.controlplane.schedule;

import static io.chaosplane.controlplane.common.SqlTimes.instant;
import static io.chaosplane.controlplane.common.SqlTimes.timestamp;

import io.chaosplane.controlplane.access.ProjectScope;
import io.chaosplane.controlplane.run.RunPhase;
import io.chaosplane.protocol.units.GoDuration;
import io.chaosplane.service.web.Paging;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads and writes scheduled tests, their queue row and the fate of their occurrences. Every query names the
 * account; all join the caller's transaction.
 */
@Component
class ScheduledTestStore {

    /** How a run of a test ended, and the test it belongs to, for the status. */
    private static final String LATEST_RUNS = """
            LEFT JOIN LATERAL (
                SELECT r.phase FROM scheduled_test_runs s JOIN experiment_runs r ON r.id = s.run_id
                 WHERE s.test_id = t.id AND s.outcome = 'started'
                 ORDER BY s.recorded_at DESC, s.id DESC LIMIT 1) latest ON true
            LEFT JOIN LATERAL (
                SELECT r.phase, r.resiliency_score, r.faults_total, r.faults_passed, r.finished_at
                  FROM scheduled_test_runs s JOIN experiment_runs r ON r.id = s.run_id
                 WHERE s.test_id = t.id AND s.outcome = 'started' AND r.finished_at IS NOT NULL
                 ORDER BY r.finished_at DESC LIMIT 1) finished ON true
            LEFT JOIN schedule_queue q ON q.test_id = t.id""";

    private final JdbcClient jdbc;
    private final JsonMapper json;

    ScheduledTestStore(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** A test with where it stands. */
    record WithStatus(ScheduledTest test, TestStatus status) {}

    void insert(ScheduledTest test) {
        jdbc.sql("""
                        INSERT INTO scheduled_tests (id, account_id, org_identifier, project_identifier, name, namespace,
                                                     provider, experiment_id, cron, timezone, ttl_seconds,
                                                     max_rto_seconds, spec, created_by, created_at, updated_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?)""")
                .params(
                        test.id(),
                        test.accountId(),
                        test.organization(),
                        test.project(),
                        test.name(),
                        test.spec().namespace(),
                        test.spec().provider(),
                        test.experimentId(),
                        test.spec().cron(),
                        test.spec().timezone(),
                        seconds(test.spec().ttl()),
                        seconds(test.spec().maxRTO()),
                        json.writeValueAsString(test.spec()),
                        test.createdBy(),
                        timestamp(test.createdAt()),
                        timestamp(test.updatedAt()))
                .update();
    }

    void update(ScheduledTest test) {
        jdbc.sql("""
                        UPDATE scheduled_tests SET namespace = ?, provider = ?, experiment_id = ?, cron = ?,
                               timezone = ?, ttl_seconds = ?, max_rto_seconds = ?, spec = ?::jsonb, updated_at = ?
                         WHERE account_id = ? AND id = ?""")
                .params(
                        test.spec().namespace(),
                        test.spec().provider(),
                        test.experimentId(),
                        test.spec().cron(),
                        test.spec().timezone(),
                        seconds(test.spec().ttl()),
                        seconds(test.spec().maxRTO()),
                        json.writeValueAsString(test.spec()),
                        timestamp(test.updatedAt()),
                        test.accountId(),
                        test.id())
                .update();
    }

    void delete(ScheduledTest test) {
        jdbc.sql("DELETE FROM scheduled_tests WHERE account_id = ? AND id = ?")
                .params(test.accountId(), test.id())
                .update();
    }

    Optional<ScheduledTest> find(ProjectScope project, String name) {
        return jdbc.sql("""
                        SELECT * FROM scheduled_tests
                         WHERE account_id = ? AND org_identifier = ? AND project_identifier = ? AND name = ?""")
                .params(project.accountId(), project.organization(), project.project(), name)
                .query(this::test)
                .optional();
    }

    /** The test, its row locked until the transaction ends: one trigger or occurrence at a time. */
    Optional<ScheduledTest> lock(String accountId, UUID id) {
        return jdbc.sql("SELECT * FROM scheduled_tests WHERE account_id = ? AND id = ? FOR UPDATE")
                .params(accountId, id)
                .query(this::test)
                .optional();
    }

    Optional<WithStatus> findWithStatus(ProjectScope project, String name) {
        return jdbc.sql(
                        "SELECT t.*, latest.phase AS latest_phase, finished.*, q.due_at FROM scheduled_tests t "
                                + LATEST_RUNS
                                + " WHERE t.account_id = ? AND t.org_identifier = ? AND t.project_identifier = ? AND t.name = ?")
                .params(project.accountId(), project.organization(), project.project(), name)
                .query((row, n) -> new WithStatus(test(row, n), status(row)))
                .optional();
    }

    List<WithStatus> list(ProjectScope project, Paging paging) {
        return jdbc.sql("SELECT t.*, latest.phase AS latest_phase, finished.*, q.due_at FROM scheduled_tests t "
                        + LATEST_RUNS
                        + " WHERE t.account_id = ? AND t.org_identifier = ? AND t.project_identifier = ?"
                        + " ORDER BY t.name LIMIT ? OFFSET ?")
                .params(project.accountId(), project.organization(), project.project(), paging.limit(), paging.offset())
                .query((row, n) -> new WithStatus(test(row, n), status(row)))
                .list();
    }

    long count(ProjectScope project) {
        return jdbc.sql("""
                        SELECT count(*) FROM scheduled_tests
                         WHERE account_id = ? AND org_identifier = ? AND project_identifier = ?""")
                .params(project.accountId(), project.organization(), project.project())
                .query(Long.class)
                .single();
    }

    /** The test's latest started run's phase, if it started one. */
    Optional<RunPhase> latestRunPhase(String accountId, UUID testId) {
        return jdbc.sql("""
                        SELECT r.phase FROM scheduled_test_runs s JOIN experiment_runs r ON r.id = s.run_id
                         WHERE s.account_id = ? AND s.test_id = ? AND s.outcome = 'started'
                         ORDER BY s.recorded_at DESC, s.id DESC LIMIT 1""")
                .params(accountId, testId)
                .query((row, n) -> RunPhase.valueOf(row.getString(1)))
                .optional();
    }

    /** When the test's latest passing run finished. */
    Optional<Instant> lastSuccess(String accountId, UUID testId) {
        return jdbc.sql("""
                        SELECT max(r.finished_at) FROM scheduled_test_runs s JOIN experiment_runs r ON r.id = s.run_id
                         WHERE s.account_id = ? AND s.test_id = ? AND s.outcome = 'started' AND r.phase = 'Completed'
                           AND r.faults_passed = r.faults_total AND r.faults_total > 0""")
                .params(accountId, testId)
                .query((row, n) -> instant(row, "max"))
                .optional();
    }

    /** Puts the test's next occurrence in the queue, or takes it out when there is none. */
    void schedule(ScheduledTest test, Optional<Instant> dueAt) {
        if (dueAt.isEmpty()) {
            jdbc.sql("DELETE FROM schedule_queue WHERE account_id = ? AND test_id = ?")
                    .params(test.accountId(), test.id())
                    .update();
            return;
        }
        jdbc.sql("""
                        INSERT INTO schedule_queue (test_id, account_id, due_at) VALUES (?, ?, ?)
                        ON CONFLICT (test_id) DO UPDATE SET due_at = excluded.due_at""")
                .params(test.id(), test.accountId(), timestamp(dueAt.get()))
                .update();
    }

    /** Records what became of an occurrence or a trigger. */
    void record(
            ScheduledTest test,
            String trigger,
            Instant scheduledFor,
            String outcome,
            String reason,
            UUID runId,
            Instant recordedAt) {
        jdbc.sql("""
                        INSERT INTO scheduled_test_runs (account_id, test_id, trigger, scheduled_for, outcome, reason,
                                                         run_id, recorded_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(
                        test.accountId(),
                        test.id(),
                        trigger,
                        timestamp(scheduledFor),
                        outcome,
                        reason,
                        runId,
                        timestamp(recordedAt))
                .update();
    }

    private ScheduledTest test(ResultSet row, int n) throws SQLException {
        return new ScheduledTest(
                row.getObject("id", UUID.class),
                row.getString("account_id"),
                row.getString("org_identifier"),
                row.getString("project_identifier"),
                row.getString("name"),
                row.getObject("experiment_id", UUID.class),
                json.readValue(row.getString("spec"), ScheduledTest.Spec.class),
                row.getString("created_by"),
                instant(row, "created_at"),
                instant(row, "updated_at"));
    }

    private static Long seconds(String goDuration) {
        return goDuration == null ? null : GoDuration.parse(goDuration).toSeconds();
    }

    private static TestStatus status(ResultSet row) throws SQLException {
        String latest = row.getString("latest_phase");
        String finishedPhase = row.getString("phase");
        TestStatus.Finished finished = finishedPhase == null
                ? null
                : new TestStatus.Finished(
                        RunPhase.valueOf(finishedPhase),
                        row.getBigDecimal("resiliency_score"),
                        row.getInt("faults_total"),
                        row.getInt("faults_passed"),
                        instant(row, "finished_at"));
        return new TestStatus(latest == null ? null : RunPhase.valueOf(latest), finished, instant(row, "due_at"));
    }
}
