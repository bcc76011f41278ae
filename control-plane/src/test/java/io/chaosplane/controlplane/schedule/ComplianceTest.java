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
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** Compliance reports and their PDF from a history seeded by hand, with known answers. */
@IntegrationTest
class ComplianceTest {

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

    private List<String> fields(Api.Response response) {
        assertThat(response.status()).as(response.text()).isEqualTo(400);
        List<String> fields = new ArrayList<>();
        response.json()
                .get("errors")
                .forEach(error -> fields.add(error.get("field").asString()));
        return fields;
    }

    @Test
    void theFiguresAndControlsComeFromTheHistory() {
        history();
        JsonNode report = roles.viewer()
                .get("/api/v1/compliance?framework=soc2&period=90")
                .json();
        assertThat(report.get("framework").asString()).isEqualTo("soc2");
        assertThat(report.get("period").asInt()).isEqualTo(90);
        assertThat(report.get("totalTests").asInt()).isEqualTo(4);
        assertThat(report.get("passRate").asDouble()).isEqualTo(0.5); // alpha's 90 and beta's 100 passed
        assertThat(report.get("avgScore").asInt()).isEqualTo(65); // (90 + 70 + 100 + 0) / 4
        assertThat(report.get("slaCompliance").asDouble()).isEqualTo(0.5); // alpha: 5 min within 10m, 15 min not
        assertThat(report.get("namespacesCovered").asInt()).isEqualTo(4); // a, b, c and gamma's kymaros-system
        JsonNode controls = report.get("controls");
        assertThat(controls).hasSize(4);
        assertThat(controls.get(0).get("id").asString()).isEqualTo("CC9.1");
        assertThat(controls.get(0).get("status").asString()).isEqualTo("not_satisfied");
        assertThat(controls.get(0).get("evidence").asString())
                .isEqualTo("4 chaos runs over 90 days with 50% pass rate");
        assertThat(controls.get(1).get("id").asString()).isEqualTo("A1.3");
        assertThat(controls.get(1).get("evidence").asString())
                .isEqualTo("1 of 2 runs with a maxRTO finished within it (50%)");
        assertThat(controls.get(2).get("status").asString()).isEqualTo("not_satisfied");
        assertThat(controls.get(2).get("evidence").asString())
                .isEqualTo("0 of 1 failed runs were followed by a passing run of their test");
        assertThat(controls.get(3).get("status").asString()).isEqualTo("not_satisfied");
        assertThat(report.get("failedRuns").get(0).get("followUp").asString()).isEqualTo("no passing run since");

        // beta passes again an hour ago: its failure is followed up
        run("beta", "Completed", 100, 1, 1, "", hoursAgo(1).minus(Duration.ofMinutes(5)), hoursAgo(1));
        JsonNode hipaa = roles.viewer()
                .get("/api/v1/compliance?framework=hipaa&period=1")
                .json();
        assertThat(hipaa.get("totalTests").asInt()).isEqualTo(4); // the three of the last day and the new one
        assertThat(hipaa.get("controls").get(0).get("id").asString()).isEqualTo("164.308(a)(7)(ii)(D)");
        assertThat(hipaa.get("controls").get(0).get("status").asString()).isEqualTo("not_satisfied"); // 2 of 4
        assertThat(hipaa.get("controls").get(2).get("status").asString()).isEqualTo("satisfied");
        assertThat(hipaa.get("controls").get(3).get("evidence").asString())
                .isEqualTo("3 changes to tests and policies recorded in the audit trail in 1 days");

        JsonNode seed002 = roles.viewer().get("/api/compliance/iso27001").json();
        assertThat(seed002.get("period").asInt()).isEqualTo(90);
        assertThat(seed002.get("controls").get(0).get("id").asString()).isEqualTo("A.17.1.3");
        assertThat(roles.viewer()
                        .get("/api/compliance/pci-dss")
                        .json()
                        .get("controls")
                        .get(0)
                        .get("id")
                        .asString())
                .isEqualTo("12.10.2");
    }

    @Test
    void badFrameworksAndPeriodsAre400AndAnotherProjectIs404() {
        assertThat(fields(roles.viewer().get("/api/v1/compliance?framework=gdpr&period=90")))
                .containsExactly("framework");
        assertThat(fields(roles.viewer().get("/api/v1/compliance?framework=soc2&period=0")))
                .containsExactly("period");
        assertThat(fields(roles.viewer().get("/api/v1/compliance?framework=soc2&period=366")))
                .containsExactly("period");
        assertThat(fields(roles.viewer().get("/api/v1/compliance?period=30"))).containsExactly("framework");
        assertThat(fields(roles.viewer().get("/api/compliance/pdf"))).containsExactly("framework");
        assertThat(server.withKey(fixtures.newTenant().adminKey())
                        .get(
                                "/api/v1/compliance?framework=soc2&period=90&organizationIdentifier=default&projectIdentifier=nowhere")
                        .status())
                .isEqualTo(404);
        JsonNode empty = roles.viewer()
                .get("/api/v1/compliance?framework=soc2&period=30")
                .json();
        assertThat(empty.get("totalTests").asInt()).isZero();
        assertThat(empty.get("passRate").isNull()).isTrue();
        assertThat(empty.get("controls").get(0).get("status").asString()).isEqualTo("no_evidence");
    }

    @Test
    void thePdfParsesBackWithItsFiguresControlsAndHashAndIs402OnAFreePlan() throws Exception {
        history();
        Api.Response response = roles.viewer().get("/api/v1/compliance/pdf?framework=soc2&period=90");
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        assertThat(response.contentType()).isEqualTo("application/pdf");
        assertThat(response.header("Content-Disposition"))
                .isEqualTo("attachment; filename=chaosplane-compliance-soc2-90d.pdf");
        byte[] bytes = java.net.http.HttpClient.newHttpClient()
                .send(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                                        server.baseUrl() + "/api/v1/compliance/pdf?framework=soc2&period=90"))
                                .header("Authorization", "Bearer " + tenant.adminKey())
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofByteArray())
                .body();
        String text;
        try (PDDocument document = Loader.loadPDF(bytes)) {
            text = new PDFTextStripper().getText(document);
        }
        assertThat(text).contains("Framework: soc2", "Period: 90 days");
        assertThat(text).contains("Total tests 4", "Pass rate 0.5", "Average score 65", "SLA compliance 0.5");
        for (String control : List.of("CC9.1", "A1.3", "CC7.4", "CC8.1")) {
            assertThat(text).contains(control);
        }
        assertThat(text).contains("4 chaos runs over 90 days with 50% pass rate", "no passing run since");
        assertThat(text).containsPattern("Evidence JSON SHA-256: [0-9a-f]{64}");

        Fixtures.Tenant free = fixtures.newTenant("free");
        Api.Response refused = server.withKey(free.adminKey()).get("/api/v1/compliance/pdf?framework=soc2&period=90");
        assertThat(refused.status()).isEqualTo(402);
        assertThat(refused.text()).contains("compliance-export");
        assertThat(server.withKey(free.adminKey())
                        .get("/api/v1/compliance?framework=soc2&period=90")
                        .status())
                .isEqualTo(200);
    }
}
