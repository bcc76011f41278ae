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
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.JsonNode;

@IntegrationTest
class ScheduledTestsTest {

    @LocalServerPort
    int port;

    @Autowired
    Fixtures fixtures;

    @Autowired
    TestClock clock;

    @Autowired
    SchedulePoller poller;

    @Autowired
    ApplicationContext context;

    Api server;
    Fixtures.Tenant tenant;
    RoleMatrix roles;
    FakeAgent agent;

    @BeforeEach
    void setUp() {
        server = new Api(port);
        tenant = fixtures.newTenant();
        roles = RoleMatrix.of(server, tenant);
        agent = FakeAgent.install(server, roles.admin(), "sched");
        experiment("cpu-check");
    }

    /** An experiment with no run in progress: creating one starts its first run, which is aborted here. */
    private void experiment(String name) {
        var created =
                roles.admin().postRaw("/api/v1/experiments", """
                {"apiVersion":"chaos.chaosplane.io/v1alpha1","kind":"ChaosExperiment",
                 "metadata":{"name":"%s","namespace":"demo"},
                 "spec":{"target":{"infrastructure":"%s"},"action":{"type":"linux-cpu-stress"},"duration":"30s"}}""".formatted(name, agent.infraId()), "application/json");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        roles.operator().post("/api/v1/experiments/demo/" + name + "/abort", null);
        Await.until(
                "the first run of " + name + " to end",
                () -> roles.viewer().get("/api/v1/experiments/demo/" + name).json(),
                detail -> detail.get("status").get("phase").asString().equals("Aborted"));
    }

    /** Seed 004's CreateTestInput, with the chaosplane provider and the experiment to run. */
    private static Map<String, Object> seedBody(String name, String cron) {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("name", name);
        body.put("namespace", "kymaros-system");
        body.put("provider", "chaosplane");
        body.put("experiment", "demo/cpu-check");
        body.put("backupName", "latest");
        body.put("sourceNamespaces", List.of("my-app"));
        body.put("cron", cron);
        body.put("timezone", "UTC");
        body.put("namespacePrefix", "rp-test");
        body.put("ttl", "30m");
        body.put("networkIsolation", "strict");
        body.put("maxRTO", "30m");
        body.put("alertOnExceed", true);
        body.put("historyLimit", 10);
        return body;
    }

    private Api.Response create(Map<String, Object> body) {
        return roles.admin().post("/api/v1/tests", body);
    }

    private void due(String test, Instant dueAt) {
        fixtures.asOwner(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("""
                    UPDATE schedule_queue q SET due_at = ? FROM scheduled_tests t
                     WHERE t.id = q.test_id AND t.account_id = ? AND t.name = ?""")) {
                statement.setTimestamp(1, Timestamp.from(dueAt));
                statement.setString(2, tenant.accountId());
                statement.setString(3, test);
                assertThat(statement.executeUpdate()).isEqualTo(1);
            }
        });
    }

    /** What became of the test's occurrences and triggers: outcome, occurrence, reason, oldest first. */
    private List<String> fates(String test) {
        List<String> fates = new ArrayList<>();
        fixtures.asOwner(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("""
                    SELECT s.outcome, s.scheduled_for, s.reason, s.run_id FROM scheduled_test_runs s
                      JOIN scheduled_tests t ON t.id = s.test_id
                     WHERE t.account_id = ? AND t.name = ? ORDER BY s.id""")) {
                statement.setString(1, tenant.accountId());
                statement.setString(2, test);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        Timestamp scheduled = rows.getTimestamp(2);
                        fates.add(rows.getString(1) + " " + (scheduled == null ? "-" : scheduled.toInstant()) + " "
                                + (rows.getObject(4) == null ? "no-run" : "run") + " " + rows.getString(3));
                    }
                }
            }
        });
        return fates;
    }

    private Instant queuedDue(String test) {
        Instant[] due = new Instant[1];
        fixtures.asOwner(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("""
                    SELECT q.due_at FROM schedule_queue q JOIN scheduled_tests t ON t.id = q.test_id
                     WHERE t.account_id = ? AND t.name = ?""")) {
                statement.setString(1, tenant.accountId());
                statement.setString(2, test);
                try (ResultSet rows = statement.executeQuery()) {
                    due[0] = rows.next() ? rows.getTimestamp(1).toInstant() : null;
                }
            }
        });
        return due[0];
    }

    /** Polls until the test's occurrences have {@code count} fates (the replica's own poller may decide them). */
    private List<String> decided(String test, int count) {
        return Await.until(
                count + " fate(s) of " + test,
                Duration.ofSeconds(30),
                () -> {
                    poller.poll();
                    return fates(test);
                },
                fates -> fates.size() >= count);
    }

    @Nested
    class Endpoints {

        @Test
        void theSeedsBodyMakesATestThatListsAsTheSeedShowsIt() {
            Api.Response created = create(seedBody("my-app-nightly", "0 2 * * *"));
            assertThat(created.status()).as(created.text()).isEqualTo(201);
            JsonNode detail = created.json();
            assertThat(detail.get("provider").asString()).isEqualTo("chaosplane");
            assertThat(detail.get("backupName").asString()).isEqualTo("latest");
            assertThat(detail.get("networkIsolation").asString()).isEqualTo("strict");
            assertThat(detail.get("nextRuns")).hasSize(5);
            Instant firstRun = Instant.parse(detail.get("nextRuns").get(0).asString());
            assertThat(firstRun.atZone(java.time.ZoneOffset.UTC).getHour()).isEqualTo(2);
            assertThat(firstRun)
                    .isAfter(clock.instant())
                    .isBefore(clock.instant().plus(Duration.ofDays(1)));

            Api.Response list = roles.viewer().get("/api/v1/tests?page=1&pageSize=10");
            assertThat(list.status()).isEqualTo(200);
            assertThat(list.header("X-Total-Count")).isEqualTo("1");
            JsonNode test = list.json().get(0);
            assertThat(test.get("name").asString()).isEqualTo("my-app-nightly");
            assertThat(test.get("namespace").asString()).isEqualTo("kymaros-system");
            assertThat(test.get("schedule").asString()).isEqualTo("0 2 * * *");
            assertThat(test.get("phase").asString()).isEqualTo("Idle");
            assertThat(test.get("sourceNamespaces").get(0).asString()).isEqualTo("my-app");
            assertThat(test.get("rtoTarget").asString()).isEqualTo("30m");
            assertThat(Instant.parse(test.get("nextRunAt").asString())).isEqualTo(firstRun);

            Api.Response changed =
                    roles.admin().put("/api/v1/tests/my-app-nightly", Map.of("cron", "0 3 * * *", "maxRTO", "45m"));
            assertThat(changed.status()).as(changed.text()).isEqualTo(200);
            assertThat(changed.json().get("cron").asString()).isEqualTo("0 3 * * *");
            assertThat(changed.json().get("maxRTO").asString()).isEqualTo("45m");
            assertThat(changed.json().get("backupName").asString()).isEqualTo("latest");
            assertThat(Instant.parse(changed.json().get("nextRunAt").asString())
                            .atZone(java.time.ZoneOffset.UTC)
                            .getHour())
                    .isEqualTo(3);

            JsonNode schedules = roles.viewer().get("/api/v1/schedules").json();
            assertThat(schedules.get(0).get("cron").asString()).isEqualTo("0 3 * * *");
            assertThat(schedules.get(0).get("namespaces").get(0).asString()).isEqualTo("my-app");
            JsonNode upcoming = roles.viewer().get("/api/v1/upcoming").json();
            assertThat(upcoming.get(0).get("name").asString()).isEqualTo("my-app-nightly");

            assertThat(roles.admin().delete("/api/v1/tests/my-app-nightly").status())
                    .isEqualTo(204);
            assertThat(roles.viewer().get("/api/v1/tests/my-app-nightly").status())
                    .isEqualTo(404);
            assertThat(roles.admin().delete("/api/v1/tests/my-app-nightly").status())
                    .isEqualTo(404);
            assertThat(roles.admin()
                            .put("/api/v1/tests/my-app-nightly", Map.of("cron", "0 3 * * *"))
                            .status())
                    .isEqualTo(404);
        }

        @Test
        void badInputIsRefusedAtItsFieldAndADuplicateIsAConflict() {
            Map<String, Object> velero = seedBody("restore", "0 2 * * *");
            velero.put("provider", "velero");
            velero.put("timezone", "Mars/Base");
            velero.put("ttl", "soon");
            assertThat(fields(create(velero))).contains("provider", "timezone", "ttl");
            assertThat(fields(create(seedBody("too-often", "*/2 * * * *")))).containsExactly("cron");
            assertThat(fields(create(seedBody("bad-cron", "0 2 * *")))).containsExactly("cron");
            Map<String, Object> unknown = seedBody("unknown", "0 2 * * *");
            unknown.put("experiment", "demo/nope");
            unknown.put("name", "Not_A_Name");
            assertThat(fields(create(unknown))).contains("experiment", "name");
            Map<String, Object> workflow = seedBody("wf", "0 2 * * *");
            workflow.remove("experiment");
            workflow.put("workflow", "demo/flow");
            assertThat(fields(create(workflow))).containsExactly("workflow");

            assertThat(create(seedBody("dup", "0 2 * * *")).status()).isEqualTo(201);
            assertThat(create(seedBody("dup", "0 4 * * *")).status()).isEqualTo(409);
            assertThat(fields(roles.admin().put("/api/v1/tests/dup", Map.of("cron", "* * * * *"))))
                    .containsExactly("cron");
            assertThat(fields(roles.admin().get("/api/v1/schedules/preview?cron=*%20*%20*%20*%20*")))
                    .containsExactly("cron");
            JsonNode preview = roles.viewer()
                    .get("/api/v1/schedules/preview?cron=0%202%20*%20*%20*&timezone=Europe/Paris")
                    .json();
            assertThat(preview.get("nextRuns")).hasSize(5);
        }

        private List<String> fields(Api.Response response) {
            assertThat(response.status()).as(response.text()).isEqualTo(400);
            List<String> fields = new ArrayList<>();
            response.json()
                    .get("errors")
                    .forEach(error -> fields.add(error.get("field").asString()));
            return fields;
        }

        @Test
        void viewersReadOperatorsTriggerAdminsManageAndAnotherTenantSeesNothing() {
            assertThat(create(seedBody("guarded", "0 2 * * *")).status()).isEqualTo(201);
            assertThat(roles.viewer().get("/api/v1/tests/guarded").status()).isEqualTo(200);
            assertThat(roles.viewer()
                            .post("/api/v1/tests/guarded/trigger", null)
                            .status())
                    .isEqualTo(403);
            assertThat(roles.operator()
                            .post("/api/v1/tests", seedBody("mine", "0 2 * * *"))
                            .status())
                    .isEqualTo(403);
            assertThat(roles.operator()
                            .put("/api/v1/tests/guarded", Map.of("cron", "0 4 * * *"))
                            .status())
                    .isEqualTo(403);
            assertThat(roles.operator().delete("/api/v1/tests/guarded").status())
                    .isEqualTo(403);

            Api other = server.withKey(fixtures.newTenant().adminKey());
            assertThat(other.get("/api/v1/tests").json()).isEmpty();
            assertThat(other.get("/api/v1/tests/guarded").status()).isEqualTo(404);
            assertThat(other.post("/api/v1/tests/guarded/trigger", null).status())
                    .isEqualTo(404);
            assertThat(other.delete("/api/v1/tests/guarded").status()).isEqualTo(404);
            assertThat(other.get("/api/v1/upcoming").json()).isEmpty();
        }

        @Test
        void aTriggerStartsARunOnceAtATimeAndABlackoutForbidsIt() {
            assertThat(create(seedBody("now", "0 2 * * *")).status()).isEqualTo(201);
            Api.Response triggered = roles.operator().post("/api/v1/tests/now/trigger", null);
            assertThat(triggered.status()).as(triggered.text()).isEqualTo(200);
            assertThat(triggered.json().get("phase").asString()).isEqualTo("Running");
            assertThat(roles.viewer()
                            .get("/api/v1/tests")
                            .json()
                            .get(0)
                            .get("phase")
                            .asString())
                    .isEqualTo("Running");
            assertThat(roles.operator().post("/api/v1/tests/now/trigger", null).status())
                    .isEqualTo(409);
            assertThat(fates("now")).singleElement().asString().startsWith("started - run");
            assertThat(roles.admin().post("/api/v1/tests/nope/trigger", null).status())
                    .isEqualTo(404);

            Map<String, Object> frozen = seedBody("frozen", "0 2 * * *");
            frozen.put("experiment", "demo/frozen-check");
            experiment("frozen-check");
            Instant now = clock.instant();
            frozen.put(
                    "blackouts",
                    List.of(Map.of(
                            "from", now.minus(Duration.ofHours(1)).toString(),
                            "to", now.plus(Duration.ofDays(3)).toString(),
                            "reason", "release freeze")));
            assertThat(create(frozen).status()).isEqualTo(201);
            Api.Response refused = roles.operator().post("/api/v1/tests/frozen/trigger", null);
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.json().get("error").asString()).contains("release freeze");
            // the next runs pass over the blackout: the first is after it ends
            Instant next = Instant.parse(roles.viewer()
                    .get("/api/v1/upcoming")
                    .json()
                    .get(1)
                    .get("nextRunAt")
                    .asString());
            assertThat(next).isAfter(now.plus(Duration.ofDays(3)));
        }
    }

    @Nested
    class Firing {

        @Test
        void aDueOccurrenceStartsOneRunAndTheNextIsQueued() {
            create(seedBody("due", "*/5 * * * *"));
            // the latest five-minute mark: the next one is still ahead, so this occurrence is not overtaken
            Instant minute = clock.instant().truncatedTo(ChronoUnit.MINUTES);
            Instant occurrence = minute.minus(
                    Duration.ofMinutes(minute.atZone(ZoneOffset.UTC).getMinute() % 5));
            due("due", occurrence);
            assertThat(decided("due", 1)).containsExactly("started " + occurrence + " run ");
            assertThat(queuedDue("due")).isAfter(clock.instant());
            assertThat(fixtures.eventReasons(tenant.accountId())).contains("ScheduledTestStarted");
            assertThat(roles.viewer()
                            .get("/api/v1/tests/due")
                            .json()
                            .get("phase")
                            .asString())
                    .isEqualTo("Running");
        }

        @Test
        void occurrencesOvertakenWhileDownAreMissedAndOnlyTheLatestMayRun() {
            create(seedBody("late", "0 * * * *"));
            Instant now = clock.instant();
            Instant hour = now.truncatedTo(ChronoUnit.HOURS); // the latest occurrence, now or before
            due("late", hour.minus(Duration.ofHours(2)));
            List<String> fates = decided("late", 3);
            assertThat(fates.subList(0, 2))
                    .containsExactly(
                            "missed " + hour.minus(Duration.ofHours(2)) + " no-run a later occurrence was due by the"
                                    + " time it was found",
                            "missed " + hour.minus(Duration.ofHours(1)) + " no-run a later occurrence was due by the"
                                    + " time it was found");
            // the latest runs when it is at most 10 minutes old, else it is missed too
            if (Duration.between(hour, now).toMinutes() <= 10) {
                assertThat(fates.get(2)).isEqualTo("started " + hour + " run ");
            } else {
                assertThat(fates.get(2)).startsWith("missed " + hour + " no-run found");
            }
            assertThat(queuedDue("late")).isEqualTo(hour.plus(Duration.ofHours(1)));
            assertThat(fixtures.eventReasons(tenant.accountId())).contains("ScheduledRunMissed");
        }

        @Test
        void anOccurrenceLateByMoreThanTheGraceIsMissed() {
            create(seedBody("down", "0 2 * * *"));
            Instant occurrence = clock.instant().minus(Duration.ofMinutes(20)).truncatedTo(ChronoUnit.SECONDS);
            due("down", occurrence);
            assertThat(decided("down", 1))
                    .singleElement()
                    .asString()
                    .startsWith("missed " + occurrence + " no-run found 20 min late");
            assertThat(queuedDue("down")).isAfter(clock.instant());
        }

        @Test
        void whileTheTestsRunGoesTheOccurrenceIsSkipped() {
            create(seedBody("busy", "0 2 * * *"));
            assertThat(roles.operator().post("/api/v1/tests/busy/trigger", null).status())
                    .isEqualTo(200);
            Instant occurrence = clock.instant().minus(Duration.ofMinutes(1)).truncatedTo(ChronoUnit.SECONDS);
            due("busy", occurrence);
            assertThat(decided("busy", 2).get(1))
                    .isEqualTo("skipped " + occurrence + " no-run test 'busy' has a run in progress");
            assertThat(queuedDue("busy")).isAfter(clock.instant());
            assertThat(fixtures.eventReasons(tenant.accountId())).contains("ScheduledRunSkipped");
        }

        @Test
        void aRefusedOccurrenceKeepsTheMissedOnesItOvertook() {
            create(seedBody("busy-late", "0 * * * *"));
            assertThat(roles.operator()
                            .post("/api/v1/tests/busy-late/trigger", null)
                            .status())
                    .isEqualTo(200);
            Instant now = clock.instant();
            Instant hour = now.truncatedTo(ChronoUnit.HOURS);
            due("busy-late", hour.minus(Duration.ofHours(2)));
            List<String> fates = decided("busy-late", 4);
            assertThat(fates.subList(1, 3))
                    .containsExactly(
                            "missed " + hour.minus(Duration.ofHours(2)) + " no-run a later occurrence was due by the"
                                    + " time it was found",
                            "missed " + hour.minus(Duration.ofHours(1)) + " no-run a later occurrence was due by the"
                                    + " time it was found");
            if (Duration.between(hour, now).toMinutes() <= 10) {
                assertThat(fates.get(3))
                        .isEqualTo("skipped " + hour + " no-run test 'busy-late' has a run in progress");
            } else {
                assertThat(fates.get(3)).startsWith("missed " + hour + " no-run found");
            }
            assertThat(queuedDue("busy-late")).isEqualTo(hour.plus(Duration.ofHours(1)));
        }

        @Test
        void aPolicyBlackoutSkipsTheOccurrenceWithItsReason() {
            Instant now = clock.instant();
            Api.Response policy = roles.admin()
                    .post(
                            "/api/v1/policies",
                            Map.of(
                                    "name",
                                    "freeze",
                                    "rules",
                                    List.of(Map.of(
                                            "name",
                                            "holidays",
                                            "type",
                                            "blackout",
                                            "from",
                                            now.minus(Duration.ofHours(1)).toString(),
                                            "to",
                                            now.plus(Duration.ofHours(1)).toString()))));
            assertThat(policy.status()).as(policy.text()).isEqualTo(201);
            create(seedBody("held", "0 2 * * *"));
            Instant occurrence = now.minus(Duration.ofMinutes(1)).truncatedTo(ChronoUnit.SECONDS);
            due("held", occurrence);
            assertThat(decided("held", 1))
                    .singleElement()
                    .asString()
                    .startsWith("skipped " + occurrence + " no-run policy 'freeze' rule 'holidays' forbids this run");
            assertThat(queuedDue("held")).isAfter(now);
        }

        @Test
        void twoPollersOnOneDatabaseFireAHundredDueTestsExactlyOnce() throws Exception {
            int tests = 100;
            // one experiment per test, cloned from the first by the database owner, none with a run in progress
            fixtures.asOwner(connection -> {
                try (PreparedStatement statement = connection.prepareStatement("""
                        INSERT INTO experiments (id, account_id, org_identifier, project_identifier, namespace, name,
                                                 infrastructure_id, manifest, created_by)
                        SELECT gen_random_uuid(), account_id, org_identifier, project_identifier, namespace,
                               'load-' || n, infrastructure_id,
                               jsonb_set(manifest, '{metadata,name}', to_jsonb('load-' || n)), created_by
                          FROM experiments, generate_series(1, ?) n
                         WHERE account_id = ? AND name = 'cpu-check'""")) {
                    statement.setInt(1, tests);
                    statement.setString(2, tenant.accountId());
                    assertThat(statement.executeUpdate()).isEqualTo(tests);
                }
            });
            for (int i = 1; i <= tests; i++) {
                Map<String, Object> body = seedBody("load-" + i, "0 2 * * *");
                body.put("experiment", "demo/load-" + i);
                Api.Response created = create(body);
                assertThat(created.status()).as(created.text()).isEqualTo(201);
            }
            Instant occurrence = clock.instant().minus(Duration.ofMinutes(1)).truncatedTo(ChronoUnit.SECONDS);
            fixtures.asOwner(connection -> {
                try (PreparedStatement statement =
                        connection.prepareStatement("UPDATE schedule_queue SET due_at = ? WHERE account_id = ?")) {
                    statement.setTimestamp(1, Timestamp.from(occurrence));
                    statement.setString(2, tenant.accountId());
                    assertThat(statement.executeUpdate()).isEqualTo(tests);
                }
            });
            SchedulePoller second = secondPoller();
            ExecutorService replicas = Executors.newFixedThreadPool(2);
            try {
                List<Future<Integer>> decided = new ArrayList<>();
                for (SchedulePoller replica : List.of(poller, second)) {
                    decided.add(replicas.submit(() -> {
                        int total = 0;
                        for (int round = 0; round < 50; round++) {
                            total += replica.poll();
                        }
                        return total;
                    }));
                }
                for (Future<Integer> each : decided) {
                    each.get();
                }
            } finally {
                replicas.shutdownNow();
            }
            Map<String, Integer> counts = Await.until(
                    "every test's occurrence decided",
                    Duration.ofSeconds(60),
                    this::loadCounts,
                    found -> found.get("occurrences") == tests);
            assertThat(counts)
                    .containsEntry("occurrences", tests)
                    .containsEntry("started", tests)
                    .containsEntry("runs", tests)
                    .containsEntry("testsWithOneRun", tests)
                    .containsEntry("queuedAhead", tests);
        }

        private SchedulePoller secondPoller() {
            return new SchedulePoller(
                    context.getBean(org.springframework.jdbc.core.simple.JdbcClient.class),
                    context.getBean(org.springframework.transaction.support.TransactionTemplate.class),
                    context.getBean(io.chaosplane.controlplane.access.TenantContext.class),
                    context.getBean(io.chaosplane.controlplane.access.CallerContext.class),
                    context.getBean(ScheduledTestStore.class),
                    context.getBean(TestFiring.class),
                    context.getBean(io.chaosplane.controlplane.run.RunService.class),
                    context.getBean(ScheduleProperties.class),
                    clock);
        }

        private Map<String, Integer> loadCounts() {
            Map<String, Integer> counts = new java.util.HashMap<>();
            fixtures.asOwner(connection -> {
                try (PreparedStatement statement = connection.prepareStatement("""
                        SELECT count(*) FILTER (WHERE s.trigger = 'schedule'),
                               count(*) FILTER (WHERE s.outcome = 'started'),
                               (SELECT count(*) FROM experiment_runs r JOIN experiments e ON e.id = r.experiment_id
                                 WHERE e.account_id = ? AND e.name LIKE 'load-%'),
                               (SELECT count(*) FROM (SELECT e.id FROM experiments e
                                  JOIN experiment_runs r ON r.experiment_id = e.id
                                 WHERE e.account_id = ? AND e.name LIKE 'load-%'
                                 GROUP BY e.id HAVING count(*) = 1) one),
                               (SELECT count(*) FROM schedule_queue q WHERE q.account_id = ? AND q.due_at > now())
                          FROM scheduled_test_runs s WHERE s.account_id = ?""")) {
                    for (int i = 1; i <= 4; i++) {
                        statement.setString(i, tenant.accountId());
                    }
                    try (ResultSet rows = statement.executeQuery()) {
                        rows.next();
                        counts.put("occurrences", rows.getInt(1));
                        counts.put("started", rows.getInt(2));
                        counts.put("runs", rows.getInt(3));
                        counts.put("testsWithOneRun", rows.getInt(4));
                        counts.put("queuedAhead", rows.getInt(5));
                    }
                }
            });
            return counts;
        }
    }
}
