package io.chaosplane.controlplane.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosplane.controlplane.support.FakeAgent;
import io.chaosplane.controlplane.support.Fixtures;
import io.chaosplane.controlplane.support.IntegrationTest;
import io.chaosplane.controlplane.support.Keys.RoleMatrix;
import io.chaosplane.testsupport.Api;
import io.chaosplane.testsupport.Await;
import io.chaosplane.testsupport.TestClock;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** The summary, the daily trend, the reports and the alerts of a history seeded by hand, with known answers. */
@IntegrationTest
class ReportsTest {

    @LocalServerPort
    int port;

    @Autowired
    Fixtures fixtures;

    @Autowired
    TestClock clock;

    Api server;
    Fixtures.Tenant tenant;
    RoleMatrix roles;
    Instant now;
    int sequence = 100;

    @BeforeEach
    void setUp() {
        server = new Api(port);
        tenant = fixtures.newTenant();
        roles = RoleMatrix.of(server, tenant);
        FakeAgent agent = FakeAgent.install(server, roles.admin(), "reports");
        assertThat(roles.admin()
                        .postRaw("/api/v1/experiments", """
                {"apiVersion":"chaos.chaosplane.io/v1alpha1","kind":"ChaosExperiment",
                 "metadata":{"name":"cpu-check","namespace":"demo"},
                 "spec":{"target":{"infrastructure":"%s"},"action":{"type":"linux-cpu-stress"},"duration":"30s"}}""".formatted(agent.infraId()), "application/json")
                        .status())
                .isEqualTo(201);
        roles.operator().post("/api/v1/experiments/demo/cpu-check/abort", null);
        Await.until(
                "the experiment's first run to end",
                () -> roles.viewer().get("/api/v1/experiments/demo/cpu-check").json(),
                detail -> detail.get("status").get("phase").asString().equals("Aborted"));
        now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    private void test(String name, List<String> sources, Map<String, Object> more) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of(
                "name", name,
                "namespace", "kymaros-system",
                "experiment", "demo/cpu-check",
                "cron", "0 2 * * *",
                "sourceNamespaces", sources));
        body.putAll(more);
        Api.Response created = roles.admin().post("/api/v1/tests", body);
        assertThat(created.status()).as(created.text()).isEqualTo(201);
    }

    /** A finished run of the test, put in place by the database owner. */
    private void run(
            String test,
            String phase,
            int score,
            int total,
            int passed,
            String message,
            Instant created,
            Instant done) {
        int runSequence = sequence++;
        fixtures.asOwner(connection -> {
            UUID runId = UUID.randomUUID();
            try (PreparedStatement statement = connection.prepareStatement("""
                    INSERT INTO experiment_runs (id, account_id, experiment_id, org_identifier, project_identifier,
                                                 run_sequence, phase, resiliency_score, faults_total, faults_passed,
                                                 faults_failed, message, created_by, created_at, started_at,
                                                 finished_at)
                    SELECT ?, account_id, id, org_identifier, project_identifier, ?, ?, ?, ?, ?, ?, ?, 'seed', ?, ?, ?
                      FROM experiments WHERE account_id = ? AND name = 'cpu-check'""")) {
                statement.setObject(1, runId);
                statement.setInt(2, runSequence);
                statement.setString(3, phase);
                statement.setInt(4, score);
                statement.setInt(5, total);
                statement.setInt(6, passed);
                statement.setInt(7, total - passed);
                statement.setString(8, message);
                statement.setTimestamp(9, Timestamp.from(created));
                statement.setTimestamp(10, Timestamp.from(created));
                statement.setTimestamp(11, Timestamp.from(done));
                statement.setString(12, tenant.accountId());
                assertThat(statement.executeUpdate()).isEqualTo(1);
            }
            try (PreparedStatement statement = connection.prepareStatement("""
                    INSERT INTO scheduled_test_runs (account_id, test_id, trigger, scheduled_for, outcome, run_id,
                                                     recorded_at)
                    SELECT account_id, id, 'schedule', ?, 'started', ?, ? FROM scheduled_tests
                     WHERE account_id = ? AND name = ?""")) {
                statement.setTimestamp(1, Timestamp.from(created));
                statement.setObject(2, runId);
                statement.setTimestamp(3, Timestamp.from(created));
                statement.setString(4, tenant.accountId());
                statement.setString(5, test);
                assertThat(statement.executeUpdate()).isEqualTo(1);
            }
        });
    }

    private Instant hoursAgo(int hours) {
        return now.minus(Duration.ofHours(hours));
    }

    /**
     * alpha: 90 (pass, 5 min) 20 h ago, then 70 (partial, 15 min, over its maxRTO of 10m) 2 h ago; beta: 100 (pass)
     * 30 h ago, then 0 (failed, 5 min) 3 h ago; gamma never ran.
     */
    private void history() {
        test("alpha", List.of("a", "b"), Map.of("maxRTO", "10m", "alertOnExceed", true));
        test("beta", List.of("b", "c"), Map.of("historyLimit", 1));
        test("gamma", List.of(), Map.of());
        run("alpha", "Completed", 90, 2, 2, "", hoursAgo(20).minus(Duration.ofMinutes(5)), hoursAgo(20));
        run("alpha", "Completed", 70, 2, 1, "", hoursAgo(2).minus(Duration.ofMinutes(15)), hoursAgo(2));
        run("beta", "Completed", 100, 1, 1, "", hoursAgo(30).minus(Duration.ofMinutes(5)), hoursAgo(30));
        run("beta", "Failed", 0, 1, 0, "fault lost its agent", hoursAgo(3).minus(Duration.ofMinutes(5)), hoursAgo(3));
    }

    @Test
    void theSummaryAddsUpTheLast24Hours() {
        history();
        JsonNode summary = roles.viewer().get("/api/v1/summary").json();
        assertThat(summary.get("averageScore").asInt()).isEqualTo(53); // (90 + 70 + 0) / 3
        assertThat(summary.get("totalTests").asInt()).isEqualTo(3);
        assertThat(summary.get("testsLastNight").asInt()).isEqualTo(2);
        assertThat(summary.get("totalFailures").asInt()).isEqualTo(1);
        assertThat(summary.get("totalPartial").asInt()).isEqualTo(1);
        assertThat(summary.get("averageRTO").asString()).isEqualTo("8m20s"); // (5 + 15 + 5) / 3 minutes
        assertThat(summary.get("namespacesCovered").asInt()).isEqualTo(4); // a, b, c and gamma's kymaros-system
        assertThat(roles.viewer().get("/api/v2/dashboard/summary").json()).isEqualTo(summary);

        JsonNode empty = server.withKey(fixtures.newTenant().adminKey())
                .get("/api/v1/summary")
                .json();
        assertThat(empty.get("totalTests").asInt()).isZero();
        assertThat(empty.get("averageScore").isNull()).isTrue();
    }

    @Test
    void alertsNameTheFailureTheScoreDropAndTheRtoOverrunNewestFirst() {
        history();
        Api.Response response = roles.viewer().get("/api/v1/alerts?hours=48");
        assertThat(response.header("X-Total-Count")).isEqualTo("2");
        JsonNode alerts = response.json();
        assertThat(alerts).hasSize(2);
        assertThat(alerts.get(0).get("testName").asString()).isEqualTo("alpha");
        assertThat(Instant.parse(alerts.get(0).get("timestamp").asString())).isEqualTo(hoursAgo(2));
        assertThat(alerts.get(0).get("score").asInt()).isEqualTo(70);
        assertThat(alerts.get(0).get("prevScore").asInt()).isEqualTo(90);
        assertThat(alerts.get(0).get("result").asString()).isEqualTo("partial");
        assertThat(alerts.get(0).get("message").asString())
                .isEqualTo("score dropped from 90 to 70; took 15m0s, over its maxRTO of 10m0s");
        assertThat(alerts.get(1).get("testName").asString()).isEqualTo("beta");
        assertThat(alerts.get(1).get("namespace").asString()).isEqualTo("kymaros-system");
        assertThat(alerts.get(1).get("result").asString()).isEqualTo("fail");
        assertThat(alerts.get(1).get("message").asString())
                .isEqualTo("run 103 failed: fault lost its agent; score dropped from 100 to 0");
        assertThat(roles.viewer().get("/api/v1/alerts?hours=1").json()).isEmpty();
        assertThat(roles.viewer().get("/api/v1/alerts?hours=0").status()).isEqualTo(400);
    }

    @Test
    void reportsArePerFinishedRunAndKeepEachTestsHistoryLimit() {
        history();
        JsonNode alpha = roles.viewer().get("/api/v1/reports?test=alpha").json();
        assertThat(alpha).hasSize(2);
        assertThat(alpha.get(0).get("kind").asString()).isEqualTo("ChaosReport");
        assertThat(alpha.get(0).get("spec").get("testName").asString()).isEqualTo("alpha");
        assertThat(alpha.get(0).get("spec").get("trigger").asString()).isEqualTo("schedule");
        assertThat(alpha.get(0).get("status").get("result").asString()).isEqualTo("partial");
        assertThat(alpha.get(0).get("status").get("score").asInt()).isEqualTo(70);
        assertThat(alpha.get(0).get("status").get("duration").asString()).isEqualTo("15m0s");
        assertThat(alpha.get(1).get("status").get("result").asString()).isEqualTo("pass");
        // beta keeps one report (historyLimit 1); within the last day only alpha's newer run
        assertThat(roles.viewer().get("/api/v1/reports?test=beta").json()).hasSize(1);
        assertThat(roles.viewer().get("/api/v1/reports?days=1&test=alpha").json())
                .hasSize(2);
        JsonNode latest = roles.viewer().get("/api/v1/reports?latest=true").json();
        List<String> tests = new ArrayList<>();
        latest.forEach(report -> tests.add(report.get("spec").get("testName").asString()));
        assertThat(tests).containsExactly("alpha", "beta");
        assertThat(roles.viewer().get("/api/v1/reports?test=nope").status()).isEqualTo(404);
        assertThat(server.withKey(fixtures.newTenant().adminKey())
                        .get("/api/v1/reports?test=alpha")
                        .status())
                .isEqualTo(404);
    }

    @Test
    void theDailyTrendCountsDaysInTheZoneGivenEveryDayPresent() {
        ZoneId newYork = ZoneId.of("America/New_York");
        LocalDate today = now.atZone(newYork).toLocalDate();
        Instant yesterdayStarts = today.minusDays(1).atStartOfDay(newYork).toInstant();
        Instant todayStarts = today.atStartOfDay(newYork).toInstant();
        test("edges", List.of("a"), Map.of());
        // one minute either side of New York's midnights: in UTC all three fall on other days
        run(
                "edges",
                "Failed",
                40,
                1,
                0,
                "",
                yesterdayStarts.minus(Duration.ofMinutes(3)),
                yesterdayStarts.minus(Duration.ofMinutes(1)));
        run("edges", "Completed", 80, 1, 1, "", yesterdayStarts, yesterdayStarts.plus(Duration.ofMinutes(1)));
        run(
                "edges",
                "Completed",
                61,
                1,
                1,
                "",
                todayStarts.minus(Duration.ofMinutes(3)),
                todayStarts.minus(Duration.ofMinutes(1)));

        JsonNode daily = roles.viewer()
                .get("/api/v1/summary/daily?days=3&timezone=America/New_York")
                .json();
        assertThat(daily).hasSize(3);
        assertThat(daily.get(0).get("date").asString())
                .isEqualTo(today.minusDays(2).toString());
        assertThat(daily.get(0).get("score").asInt()).isEqualTo(40);
        assertThat(daily.get(0).get("tests").asInt()).isEqualTo(1);
        assertThat(daily.get(0).get("failures").asInt()).isEqualTo(1);
        assertThat(daily.get(1).get("date").asString())
                .isEqualTo(today.minusDays(1).toString());
        assertThat(daily.get(1).get("score").asInt()).isEqualTo(71); // (80 + 61) / 2 = 70.5, rounded half up
        assertThat(daily.get(1).get("tests").asInt()).isEqualTo(2);
        assertThat(daily.get(1).get("failures").asInt()).isZero();
        assertThat(daily.get(2).get("date").asString()).isEqualTo(today.toString());
        assertThat(daily.get(2).get("score").isNull()).isTrue();
        assertThat(daily.get(2).get("tests").asInt()).isZero();

        assertThat(roles.viewer().get("/api/v1/summary/daily").json()).hasSize(30);
        assertThat(roles.viewer().get("/api/v1/summary/daily?days=0").status()).isEqualTo(400);
        assertThat(roles.viewer().get("/api/v1/summary/daily?days=366").status())
                .isEqualTo(400);
        assertThat(roles.viewer()
                        .get("/api/v1/summary/daily?timezone=Mars/Base")
                        .status())
                .isEqualTo(400);
    }
}
