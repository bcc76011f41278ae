package io.chaosplane.controlplane.schedule;

import static io.chaosplane.controlplane.common.SqlTimes.instant;
import static io.chaosplane.controlplane.common.SqlTimes.timestamp;

import io.chaosplane.controlplane.access.ProjectScope;
import io.chaosplane.controlplane.run.RunPhase;
import io.chaosplane.controlplane.schedule.ScheduleDtos.ReportFault;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The finished runs of a project's scheduled tests, as the summary, the daily trend, the reports and the alerts read
 * them. Aggregates are computed by PostgreSQL; every query names the account and joins the caller's transaction.
 */
@Component
class TestRunHistory {

    /** The finished runs of the project's tests, with what judges them. */
    private static final String FINISHED_RUNS = """
            SELECT t.id AS test_id, t.name AS test_name, t.namespace AS test_namespace, t.max_rto_seconds,
                   coalesce((t.spec ->> 'alertOnExceed')::boolean, false) AS alert_on_exceed,
                   (t.spec ->> 'historyLimit')::integer AS history_limit,
                   s.trigger, r.id AS run_id, r.run_sequence, r.phase, r.resiliency_score, r.faults_total,
                   r.faults_passed, r.message, r.created_at AS run_created_at, r.started_at AS run_started_at,
                   r.finished_at AS run_finished_at
              FROM scheduled_test_runs s
              JOIN scheduled_tests t ON t.id = s.test_id
              JOIN experiment_runs r ON r.id = s.run_id
             WHERE t.account_id = :account AND t.org_identifier = :org AND t.project_identifier = :project
               AND s.outcome = 'started' AND r.finished_at IS NOT NULL""";

    /** SQL's judgement of a run, the same as {@link TestStatus#result}. */
    private static final String RESULT = """
            CASE WHEN phase <> 'Completed' OR faults_passed = 0 THEN 'fail'
                 WHEN faults_passed = faults_total THEN 'pass' ELSE 'partial' END""";

    private final JdbcClient jdbc;

    TestRunHistory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A finished run of a test. */
    record Run(
            UUID testId,
            String testName,
            String testNamespace,
            Long maxRtoSeconds,
            boolean alertOnExceed,
            String trigger,
            UUID runId,
            int runSequence,
            RunPhase phase,
            BigDecimal score,
            int faultsTotal,
            int faultsPassed,
            String message,
            Instant createdAt,
            Instant startedAt,
            Instant finishedAt,
            BigDecimal previousScore) {

        String result() {
            return TestStatus.result(phase, faultsTotal, faultsPassed);
        }
    }

    /** The figures of the runs that finished since {@code since}. */
    record Window(Integer averageScore, int testsRun, int failures, int partial, Double averageRtoSeconds) {}

    Window window(ProjectScope project, Instant since) {
        return jdbc.sql("WITH runs AS (" + FINISHED_RUNS + " AND r.finished_at >= :since)"
                        + " SELECT round(avg(resiliency_score))::integer AS score, count(DISTINCT test_id) AS tests,"
                        + " count(*) FILTER (WHERE result = 'fail') AS failures,"
                        + " count(*) FILTER (WHERE result = 'partial') AS partial,"
                        + " avg(extract(epoch FROM run_finished_at - run_created_at))::float8 AS rto"
                        + " FROM (SELECT *, " + RESULT + " AS result FROM runs) judged")
                .params(params(project))
                .param("since", timestamp(since))
                .query((row, n) -> new Window(
                        row.getObject("score", Integer.class),
                        row.getInt("tests"),
                        row.getInt("failures"),
                        row.getInt("partial"),
                        row.getObject("rto", Double.class)))
                .single();
    }

    /** A day's figures in a zone. */
    record Day(LocalDate date, Integer score, int tests, int failures) {}

    /** Each day from {@code first} on in {@code zone} that had finished runs. */
    Map<LocalDate, Day> days(ProjectScope project, LocalDate first, ZoneId zone) {
        Map<LocalDate, Day> days = new HashMap<>();
        jdbc.sql("WITH runs AS (" + FINISHED_RUNS + " AND r.finished_at >= :since)"
                        + " SELECT (run_finished_at AT TIME ZONE :zone)::date AS day,"
                        + " round(avg(resiliency_score))::integer AS score, count(*) AS tests,"
                        + " count(*) FILTER (WHERE result = 'fail') AS failures"
                        + " FROM (SELECT *, " + RESULT + " AS result FROM runs) judged GROUP BY 1")
                .params(params(project))
                .param("since", timestamp(first.atStartOfDay(zone).toInstant()))
                .param("zone", zone.getId())
                .query((row, n) -> new Day(
                        row.getObject("day", LocalDate.class),
                        row.getObject("score", Integer.class),
                        row.getInt("tests"),
                        row.getInt("failures")))
                .list()
                .forEach(day -> days.put(day.date(), day));
        return days;
    }

    /** Distinct source namespaces of the project's tests; a test without any counts its own namespace. */
    int namespacesCovered(ProjectScope project) {
        return jdbc.sql("""
                        SELECT count(DISTINCT ns) FROM scheduled_tests t,
                               LATERAL (SELECT jsonb_array_elements_text(t.spec -> 'sourceNamespaces') AS ns
                                        UNION SELECT t.namespace
                                         WHERE jsonb_array_length(t.spec -> 'sourceNamespaces') = 0) covered
                         WHERE t.account_id = :account AND t.org_identifier = :org
                           AND t.project_identifier = :project""").params(params(project)).query(Integer.class).single();
    }

    /**
     * The runs that finished since {@code since}, newest first, each with the score of its test's run before it;
     * {@code testId} narrows them to one test, {@code kept} keeps each test's newest {@code historyLimit} runs.
     */
    List<Run> runs(ProjectScope project, Instant since, UUID testId, boolean kept) {
        String sql = "WITH runs AS (" + FINISHED_RUNS + (testId == null ? "" : " AND t.id = :test") + "),"
                + " ordered AS (SELECT *, lag(resiliency_score) OVER (PARTITION BY test_id ORDER BY run_finished_at)"
                + " AS previous_score, row_number() OVER (PARTITION BY test_id ORDER BY run_finished_at DESC) AS age"
                + " FROM runs)"
                + " SELECT * FROM ordered WHERE run_finished_at >= :since"
                + (kept ? " AND age <= history_limit" : "")
                + " ORDER BY run_finished_at DESC, run_id";
        var statement = jdbc.sql(sql).params(params(project)).param("since", timestamp(since));
        if (testId != null) {
            statement = statement.param("test", testId);
        }
        return statement.query(TestRunHistory::run).list();
    }

    /** The finished run of one of the project's tests, with the score of its test's run before it. */
    Optional<Run> finished(ProjectScope project, UUID runId) {
        return jdbc.sql("WITH runs AS (" + FINISHED_RUNS
                        + " AND t.id = (SELECT test_id FROM scheduled_test_runs WHERE account_id = :account"
                        + " AND run_id = :run LIMIT 1)),"
                        + " ordered AS (SELECT *, lag(resiliency_score) OVER (PARTITION BY test_id"
                        + " ORDER BY run_finished_at) AS previous_score FROM runs)"
                        + " SELECT * FROM ordered WHERE run_id = :run")
                .params(params(project))
                .param("run", runId)
                .query(TestRunHistory::run)
                .optional();
    }

    /** The faults of the runs, in their order, by run. */
    Map<UUID, List<ReportFault>> faults(String accountId, List<UUID> runIds) {
        Map<UUID, List<ReportFault>> faults = new HashMap<>();
        if (runIds.isEmpty()) {
            return faults;
        }
        jdbc.sql("""
                        SELECT run_id, name, fault_type, verdict, probe_success_percentage FROM run_faults
                         WHERE account_id = :account AND run_id IN (:runs) ORDER BY step_index, position""")
                .param("account", accountId)
                .param("runs", runIds)
                .query((row, n) -> {
                    BigDecimal percentage = row.getBigDecimal("probe_success_percentage");
                    faults.computeIfAbsent(row.getObject("run_id", UUID.class), id -> new ArrayList<>())
                            .add(new ReportFault(
                                    row.getString("name"),
                                    row.getString("fault_type"),
                                    row.getString("verdict"),
                                    percentage == null ? null : percentage.doubleValue()));
                    return null;
                })
                .list();
        return faults;
    }

    private static Map<String, Object> params(ProjectScope project) {
        return Map.of("account", project.accountId(), "org", project.organization(), "project", project.project());
    }

    private static Run run(ResultSet row, int n) throws SQLException {
        long maxRtoSeconds = row.getLong("max_rto_seconds");
        Long maxRto = row.wasNull() ? null : maxRtoSeconds;
        return new Run(
                row.getObject("test_id", UUID.class),
                row.getString("test_name"),
                row.getString("test_namespace"),
                maxRto,
                row.getBoolean("alert_on_exceed"),
                row.getString("trigger"),
                row.getObject("run_id", UUID.class),
                row.getInt("run_sequence"),
                RunPhase.valueOf(row.getString("phase")),
                row.getBigDecimal("resiliency_score"),
                row.getInt("faults_total"),
                row.getInt("faults_passed"),
                row.getString("message"),
                instant(row, "run_created_at"),
                instant(row, "run_started_at"),
                instant(row, "run_finished_at"),
                row.getBigDecimal("previous_score"));
    }
}
