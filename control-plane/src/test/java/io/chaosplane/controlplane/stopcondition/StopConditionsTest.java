package io.chaosplane.controlplane.stopcondition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chaosplane.controlplane.support.FakeAgent;
import io.chaosplane.controlplane.support.Fixtures;
import io.chaosplane.controlplane.support.IntegrationTest;
import io.chaosplane.controlplane.support.Keys;
import io.chaosplane.controlplane.support.SecondReplica;
import io.chaosplane.testsupport.Api;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Stop conditions against real targets on loopback (an HTTP server of the test's, Debian's Prometheus scraping an
 * exporter of the test's): a breach stops the run with the condition's name and what was seen, and the agent is told
 * to revert; a healthy condition changes nothing.
 */
@IntegrationTest
class StopConditionsTest {

    static final Duration BREACH_WITHIN = Duration.ofSeconds(20);

    @LocalServerPort
    int port;

    @Autowired
    Fixtures fixtures;

    Api server;
    Fixtures.Tenant tenant;
    Keys.RoleMatrix roles;
    FakeAgent agent;
    LocalTarget target;

    @BeforeEach
    void setUp() throws IOException {
        server = new Api(port);
        tenant = fixtures.newTenant();
        roles = Keys.RoleMatrix.of(server, tenant);
        agent = FakeAgent.install(server, roles.admin(), "guarded_host");
        target = LocalTarget.start();
    }

    @AfterEach
    void tearDown() {
        target.close();
    }

    static String experiment(String name, String infraId, String stopConditions) {
        return """
                {"apiVersion":"chaos.chaosplane.io/v1alpha1","kind":"ChaosExperiment",
                 "metadata":{"name":"%s","namespace":"default"},
                 "spec":{"target":{"kind":"Linux","infrastructure":"%s"},
                         "action":{"type":"linux-cpu-stress","parameters":{"Load":"50","Workers":"1"}},
                         "duration":"60s",
                         "stopConditions":%s}}""".formatted(name, infraId, stopConditions);
    }

    static String httpCondition(String name, String url, String extra) {
        return """
                {"name":"%s","type":"http","interval":"1s"%s,
                 "http":{"url":"%s","method":{"get":{"criteria":"==","responseCode":"200"}},"responseTimeout":2000}}""".formatted(name, extra, url);
    }

    static String prometheusCondition(String name, String endpoint, String extra) {
        return """
                {"name":"%s","type":"prometheus","interval":"1s"%s,
                 "prometheus":{"endpoint":"%s","query":"checkout_error_ratio","comparator":">","threshold":0.5,
                               "responseTimeout":2000}}""".formatted(name, extra, endpoint);
    }

    /** A started run whose fault the agent runs. */
    record Running(String runId, String taskName) {}

    private Running start(String name, String stopConditions) {
        Api.Response created = roles.admin()
                .postRaw("/api/v1/experiments", experiment(name, agent.infraId(), stopConditions), "application/json");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        String runId = created.json().get("status").get("runId").asString();
        String taskName =
                agent.poll(0).json().get("taskList").get(0).get("taskName").asString();
        assertThat(agent.status(taskName, "Running").json().get("abort").asBoolean())
                .isFalse();
        assertThat(phase(runId)).isEqualTo("Running");
        return new Running(runId, taskName);
    }

    private JsonNode run(String runId) {
        return roles.admin().get("/api/v1/runs/" + runId).json();
    }

    private String phase(String runId) {
        return run(runId).get("phase").asString();
    }

    /** Waits for the agent to be told to stop the fault, reports it stopped, and answers the run. */
    private JsonNode stoppedByAgent(Running running) {
        await("the agent told to revert")
                .atMost(BREACH_WITHIN)
                .until(() -> agent.status(running.taskName(), "Running")
                        .json()
                        .get("abort")
                        .asBoolean());
        agent.result(running.taskName(), "{\"result\":{\"taskStatus\":\"Stopped\",\"verdict\":\"Stopped\"}}");
        return run(running.runId());
    }

    /** The condition's checks so far, and what the last one saw, read past row-level security. */
    record Checked(int checks, int failures, String lastSeen, String owner) {}

    private Checked checked(String runId, String name) {
        List<Checked> rows = new ArrayList<>();
        fixtures.asOwner(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT checks, failures, last_seen, owner FROM run_stop_conditions WHERE run_id = ? AND name = ?")) {
                statement.setObject(1, UUID.fromString(runId));
                statement.setString(2, name);
                try (var row = statement.executeQuery()) {
                    while (row.next()) {
                        rows.add(new Checked(row.getInt(1), row.getInt(2), row.getString(3), row.getString(4)));
                    }
                }
            }
        });
        assertThat(rows).hasSize(1);
        return rows.getFirst();
    }

    private void sql(String statement, Object... parameters) {
        fixtures.asOwner(connection -> {
            try (PreparedStatement prepared = connection.prepareStatement(statement)) {
                for (int i = 0; i < parameters.length; i++) {
                    prepared.setObject(i + 1, parameters[i]);
                }
                prepared.executeUpdate();
            }
        });
    }

    static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Nested
    class Http {

        @Test
        void aTargetThatStartsFailingMidRunStopsTheRunWithWhatWasSeen() {
            Running running = start(
                    "http-breach", "[" + httpCondition("checkout-up", target.url("/health"), ",\"tolerance\":1") + "]");
            await("healthy checks")
                    .atMost(BREACH_WITHIN)
                    .until(() -> checked(running.runId(), "checkout-up").checks() >= 2);
            assertThat(phase(running.runId())).isEqualTo("Running");

            target.answer(503);

            JsonNode run = stoppedByAgent(running);
            assertThat(run.get("phase").asString()).isEqualTo("Stopped");
            assertThat(run.get("message").asString())
                    .contains("stop condition checkout-up: HTTP 503 from " + target.url("/health"))
                    .contains("expected == 200")
                    .contains("2 failed checks in a row");
            assertThat(fixtures.eventReasons(tenant.accountId()))
                    .containsSubsequence("StopConditionBreached", "StopRequested", "RunStopped");
            assertThat(checked(running.runId(), "checkout-up").failures()).isEqualTo(2);
        }

        @Test
        void aHealthyConditionLetsTheRunFinishWithItsNormalVerdict() {
            Running running =
                    start("http-healthy", "[" + httpCondition("checkout-up", target.url("/health"), "") + "]");
            await("healthy checks")
                    .atMost(BREACH_WITHIN)
                    .until(() -> checked(running.runId(), "checkout-up").checks() >= 3);

            agent.pass(running.taskName());

            JsonNode run = run(running.runId());
            assertThat(run.get("phase").asString()).isEqualTo("Completed");
            assertThat(run.get("resiliencyScore").asDouble()).isEqualTo(100.0);
            assertThat(fixtures.eventReasons(tenant.accountId())).doesNotContain("StopConditionBreached");
            assertThat(checked(running.runId(), "checkout-up").lastSeen())
                    .isEqualTo("HTTP 200 from " + target.url("/health"));
            int hits = target.healthHits();
            await("no checks once the run is over")
                    .during(Duration.ofSeconds(2))
                    .atMost(Duration.ofSeconds(3))
                    .until(() -> target.healthHits() == hits);
        }

        @Test
        void anUnreachableTargetWithOnErrorIgnoreKeepsTheRunGoing() throws IOException {
            String nowhere = "http://127.0.0.1:" + closedPort() + "/health";
            Running running =
                    start("http-ignored", "[" + httpCondition("flaky-probe", nowhere, ",\"onError\":\"ignore\"") + "]");

            await("ignored checks")
                    .atMost(BREACH_WITHIN)
                    .until(() -> checked(running.runId(), "flaky-probe").checks() >= 3);
            Checked checked = checked(running.runId(), "flaky-probe");
            assertThat(checked.lastSeen()).startsWith(nowhere + " unreachable");
            assertThat(checked.failures()).isZero();
            assertThat(phase(running.runId())).isEqualTo("Running");

            agent.pass(running.taskName());
            assertThat(phase(running.runId())).isEqualTo("Completed");
        }

        @Test
        void aBodyThatNeverEndsCountsAsATimeoutNotAsAHungCheck() {
            String condition = """
                    {"name":"trickle","type":"http","interval":"1s",
                     "http":{"url":"%s","method":{"get":{"criteria":"contains","responseBody":"ok"}},"responseTimeout":1000}}""".formatted(target.url("/trickle"));
            Running running = start("http-trickle", "[" + condition + "]");

            JsonNode run = stoppedByAgent(running);
            assertThat(run.get("phase").asString()).isEqualTo("Stopped");
            assertThat(run.get("message").asString())
                    .contains("stop condition trickle: " + target.url("/trickle") + " did not answer within 1000 ms");
        }

        @Test
        void anUnreachableTargetStopsTheRunByDefault() throws IOException {
            String nowhere = "http://127.0.0.1:" + closedPort() + "/health";
            Running running = start("http-unreachable", "[" + httpCondition("gone", nowhere, "") + "]");

            JsonNode run = stoppedByAgent(running);
            assertThat(run.get("phase").asString()).isEqualTo("Stopped");
            assertThat(run.get("message").asString()).contains("stop condition gone: " + nowhere + " unreachable");
        }
    }

    @Nested
    class Prometheus {

        @Test
        void anUnreachablePrometheusStopsTheRun() throws IOException {
            String nowhere = "http://127.0.0.1:" + closedPort();
            Running running = start("prom-unreachable", "[" + prometheusCondition("error-ratio", nowhere, "") + "]");

            JsonNode run = stoppedByAgent(running);
            assertThat(run.get("phase").asString()).isEqualTo("Stopped");
            assertThat(run.get("message").asString())
                    .contains("stop condition error-ratio: Prometheus at " + nowhere + " unreachable");
        }

        @Test
        void aValueCrossingTheThresholdStopsTheRun() throws IOException {
            Assumptions.assumeTrue(
                    LocalPrometheus.installed(),
                    "Debian's prometheus is not installed at /usr/bin/prometheus (apt-get install prometheus)");
            try (LocalPrometheus prometheus = LocalPrometheus.scraping(target.hostAndPort())) {
                await("the exporter's first value in Prometheus")
                        .atMost(Duration.ofSeconds(30))
                        .until(() -> prometheus.query("checkout_error_ratio").contains("\"0.01\""));
                Running running =
                        start("prom-threshold", "[" + prometheusCondition("error-ratio", prometheus.url(), "") + "]");
                await("checks under the threshold")
                        .atMost(BREACH_WITHIN)
                        .until(() -> checked(running.runId(), "error-ratio").checks() >= 2);
                assertThat(checked(running.runId(), "error-ratio").lastSeen()).startsWith("value 0.01 {");
                assertThat(phase(running.runId())).isEqualTo("Running");

                target.gauge("0.9");

                JsonNode run = stoppedByAgent(running);
                assertThat(run.get("phase").asString()).isEqualTo("Stopped");
                assertThat(run.get("message").asString())
                        .contains("stop condition error-ratio: value 0.9 {")
                        .contains("job=checkout")
                        .contains("> 0.5 (query 'checkout_error_ratio')");
            }
        }
    }

    @Nested
    class Command {

        static final String DISK = """
                {"name":"disk-ok","type":"command","interval":"2s","tolerance":1,
                 "command":{"command":"df --output=pcent / | tail -1 | tr -d ' %'",
                            "comparator":{"type":"int","criteria":"<","value":"90"}}}""";

        @Test
        void travelsInEachFaultsTaskAndABreachTheAgentReportsStopsTheWholeRun() {
            String twoFaults = """
                    {"apiVersion":"chaos.chaosplane.io/v1alpha1","kind":"ChaosExperiment",
                     "metadata":{"name":"two-faults","namespace":"default"},
                     "spec":{"target":{"kind":"Linux","infrastructure":"%s"},
                             "steps":[[{"name":"cpu","action":{"type":"linux-cpu-stress","parameters":{"Load":"50"}},"duration":"60s"},
                                       {"name":"memory","action":{"type":"linux-memory-stress","parameters":{"Memory":"64Mi"}},"duration":"60s"}]],
                             "stopConditions":[%s]}}""".formatted(agent.infraId(), DISK);
            Api.Response created = roles.admin().postRaw("/api/v1/experiments", twoFaults, "application/json");
            assertThat(created.status()).as(created.text()).isEqualTo(201);
            String runId = created.json().get("status").get("runId").asString();
            JsonNode tasks = agent.poll(0).json().get("taskList");
            assertThat(tasks).hasSize(2);
            for (JsonNode task : tasks) {
                JsonNode condition =
                        task.get("action").get("chaos").get("stopConditions").get(0);
                assertThat(condition.get("name").asString()).isEqualTo("disk-ok");
                assertThat(condition.get("interval").asString()).isEqualTo("2s");
                assertThat(condition.get("tolerance").asInt()).isEqualTo(1);
                assertThat(condition.get("cmdProbe/inputs").get("command").asString())
                        .startsWith("df --output=pcent");
                agent.status(task.get("taskName").asString(), "Running");
            }
            String breached = tasks.get(0).get("taskName").asString();
            String other = tasks.get(1).get("taskName").asString();
            List<String> rows = new ArrayList<>();
            fixtures.asOwner(connection -> {
                try (var statement =
                        connection.prepareStatement("SELECT name FROM run_stop_conditions WHERE run_id = ?")) {
                    statement.setObject(1, UUID.fromString(runId));
                    try (var row = statement.executeQuery()) {
                        while (row.next()) {
                            rows.add(row.getString(1));
                        }
                    }
                }
            });
            assertThat(rows)
                    .as("the control plane does not check command conditions")
                    .isEmpty();

            agent.result(breached, """
                    {"result":{"taskStatus":"Stopped","verdict":"Stopped","probeSuccessPercentage":"0",
                               "errorOutput":{"errorCode":"E2011: STOP_CONDITION_BREACHED",
                                              "reason":"stop condition disk-ok: output '97' does not meet < 90 (2 failed checks in a row)"}}}""");

            assertThat(agent.status(other, "Running").json().get("abort").asBoolean())
                    .as("the other fault of the run is reverted too")
                    .isTrue();
            agent.result(other, "{\"result\":{\"taskStatus\":\"Stopped\",\"verdict\":\"Stopped\"}}");
            JsonNode run = run(runId);
            assertThat(run.get("phase").asString()).isEqualTo("Stopped");
            assertThat(run.get("message").asString())
                    .isEqualTo("stopped: stop condition disk-ok: output '97' does not meet < 90 (2 failed checks in a"
                            + " row)");
            assertThat(fixtures.eventReasons(tenant.accountId()))
                    .containsSubsequence("StopConditionBreached", "StopRequested", "RunStopped");
        }

        @Test
        void aStoppedResultWithoutABreachIsNoStopOfTheRun() {
            Running running = start("plain-stop", "[" + DISK + "]");

            // an agent's own stop (its host's kill switch, say) ends the fault, not the run's other steps
            agent.result(running.taskName(), """
                    {"result":{"taskStatus":"Stopped","verdict":"Stopped",
                               "errorOutput":{"errorCode":"E2010: EXPERIMENT_ABORTED","reason":"chaos is disabled"}}}""");

            assertThat(run(running.runId()).get("message").asString()).doesNotContain("stop condition");
            assertThat(fixtures.eventReasons(tenant.accountId())).doesNotContain("StopConditionBreached");
        }
    }

    @Nested
    class AcrossReplicas {

        @Test
        void aConditionHeldByAnotherLiveReplicaIsNotCheckedHereAndIsTakenOverWhenItsLeaseRunsOut() {
            Api.Response created = roles.admin()
                    .postRaw(
                            "/api/v1/experiments",
                            experiment(
                                    "leased",
                                    agent.infraId(),
                                    "[" + httpCondition("checkout-up", target.url("/health"), "") + "]"),
                            "application/json");
            String runId = created.json().get("status").get("runId").asString();
            sql(
                    "UPDATE run_stop_conditions SET owner = 'replica-elsewhere', lease_until = now() + interval '1 hour'"
                            + " WHERE run_id = ?",
                    UUID.fromString(runId));
            String taskName =
                    agent.poll(0).json().get("taskList").get(0).get("taskName").asString();
            agent.status(taskName, "Running");

            await("nobody else checks it")
                    .during(Duration.ofSeconds(3))
                    .atMost(Duration.ofSeconds(4))
                    .until(() -> target.healthHits() == 0);

            sql(
                    "UPDATE run_stop_conditions SET lease_until = now() - interval '1 second' WHERE run_id = ?",
                    UUID.fromString(runId));
            await("taken over")
                    .atMost(BREACH_WITHIN)
                    .until(() -> checked(runId, "checkout-up").checks() >= 1);
            assertThat(checked(runId, "checkout-up").owner())
                    .startsWith("replica-")
                    .isNotEqualTo("replica-elsewhere");
        }

        @Test
        void twoReplicasCheckEachConditionOnceAnInterval() {
            try (SecondReplica other = SecondReplica.start()) {
                Running running = start(
                        "two-replicas",
                        "[" + httpCondition("first", target.url("/health"), "") + ","
                                + httpCondition("second", target.url("/health"), "") + ","
                                + httpCondition("third", target.url("/health"), "") + "]");
                await("checks")
                        .atMost(BREACH_WITHIN)
                        .until(() -> checked(running.runId(), "first").checks() >= 2);
                int hitsBefore = target.healthHits();
                int checksBefore = checksOf(running.runId());
                Instant from = Instant.now();

                await("six more checks")
                        .atMost(BREACH_WITHIN)
                        .until(() -> checksOf(running.runId()) >= checksBefore + 6);

                int checks = checksOf(running.runId()) - checksBefore;
                int hits = target.healthHits() - hitsBefore;
                long seconds = Duration.between(from, Instant.now()).toSeconds();
                // a replica that is not a condition's holder cannot record its check: a request to the target that is
                // not a recorded check would be a second evaluator (up to one a condition may be under way)
                assertThat(hits).isBetween(checks - 3, checks + 3);
                // each condition checked once an interval (1s), not once an interval per replica
                assertThat(checks).isLessThanOrEqualTo(3 * ((int) seconds + 2));
                Set<String> owners = new HashSet<>();
                for (String name : List.of("first", "second", "third")) {
                    owners.add(checked(running.runId(), name).owner());
                }
                assertThat(owners).allMatch(owner -> owner.startsWith("replica-"));
                agent.pass(running.taskName());
            }
        }

        private int checksOf(String runId) {
            return checked(runId, "first").checks()
                    + checked(runId, "second").checks()
                    + checked(runId, "third").checks();
        }
    }
}
