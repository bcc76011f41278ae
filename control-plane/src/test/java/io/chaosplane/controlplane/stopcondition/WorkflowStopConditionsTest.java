package io.chaosplane.controlplane.stopcondition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chaosplane.controlplane.support.FakeAgent;
import io.chaosplane.controlplane.support.Fixtures;
import io.chaosplane.controlplane.support.IntegrationTest;
import io.chaosplane.controlplane.support.Keys;
import io.chaosplane.testsupport.Api;
import java.io.IOException;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * A workflow's own stop conditions, checked by the control plane while any of its runs is running against a local
 * HTTP target: a breach stops the whole workflow (phase Stopped with the condition's reason) and every run it holds,
 * whose agents are told to revert.
 */
@IntegrationTest
class WorkflowStopConditionsTest {

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
        agent = FakeAgent.install(server, roles.admin(), "workflow_guarded_host");
        target = LocalTarget.start();
        for (String name : new String[] {"first", "second"}) {
            Api.Response created = roles.admin()
                    .postRaw(
                            "/api/v1/experiments",
                            StopConditionsTest.experiment(name, agent.infraId(), "[]"),
                            "application/json");
            assertThat(created.status()).as(created.text()).isEqualTo(201);
            // each experiment's creation ran it once: finish that run so that the workflow may start another
            agent.pass(
                    agent.poll(0).json().get("taskList").get(0).get("taskName").asString());
        }
    }

    @AfterEach
    void tearDown() {
        target.close();
    }

    static String workflow(String name, String stopConditions) {
        return """
                {"apiVersion":"chaos.chaosplane.io/v1alpha1","kind":"ChaosWorkflow","metadata":{"name":"%s"},
                 "spec":{"entry":"main","stopConditions":%s,"templates":[
                   {"name":"main","templateType":"Parallel","children":["a","b"]},
                   {"name":"a","templateType":"Experiment","experiment":{"name":"first"}},
                   {"name":"b","templateType":"Experiment","experiment":{"name":"second"}}]}}""".formatted(name, stopConditions);
    }

    private JsonNode workflow(String name) {
        return roles.viewer().get("/api/v1/workflows/default/" + name).json();
    }

    private int checks(String name) {
        List<Integer> rows = new ArrayList<>();
        fixtures.asOwner(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT checks FROM workflow_stop_conditions WHERE account_id = ? AND name = ?")) {
                statement.setString(1, tenant.accountId());
                statement.setString(2, name);
                try (var row = statement.executeQuery()) {
                    while (row.next()) {
                        rows.add(row.getInt(1));
                    }
                }
            }
        });
        assertThat(rows).hasSize(1);
        return rows.getFirst();
    }

    @Test
    void aBreachWhileItsRunsGoStopsTheWholeWorkflowAndEveryRun() {
        Api.Response created = roles.admin()
                .postRaw(
                        "/api/v1/workflows",
                        workflow(
                                "guarded",
                                "[" + StopConditionsTest.httpCondition("checkout-up", target.url("/health"), "") + "]"),
                        "application/json");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        assertThat(created.json()
                        .get("spec")
                        .get("stopConditions")
                        .get(0)
                        .get("name")
                        .asString())
                .isEqualTo("checkout-up");
        JsonNode tasks = agent.poll(0).json().get("taskList");
        assertThat(tasks).hasSize(2);
        List<String> taskNames = new ArrayList<>();
        tasks.forEach(task -> taskNames.add(task.get("taskName").asString()));
        taskNames.forEach(task -> agent.status(task, "Running"));
        await("healthy checks while the runs go").atMost(BREACH_WITHIN).until(() -> checks("checkout-up") >= 2);
        assertThat(workflow("guarded").get("status").get("phase").asString()).isEqualTo("Running");

        target.answer(503);

        JsonNode stopped = await("the workflow stops")
                .atMost(BREACH_WITHIN)
                .until(
                        () -> workflow("guarded"),
                        w -> "Stopped".equals(w.get("status").get("phase").asString()));
        assertThat(stopped.get("status").get("message").asString())
                .startsWith("stop condition checkout-up: HTTP 503 from " + target.url("/health"));
        assertThat(stopped.get("status").get("nodes"))
                .allMatch(node -> node.get("phase").asString().equals("Stopped"));
        for (String task : taskNames) {
            assertThat(agent.status(task, "Running").json().get("abort").asBoolean())
                    .as("the agent is told to revert " + task)
                    .isTrue();
            agent.result(task, "{\"result\":{\"taskStatus\":\"Stopped\",\"verdict\":\"Stopped\"}}");
        }
        for (JsonNode node : stopped.get("status").get("nodes")) {
            if (node.hasNonNull("runId")) {
                JsonNode run = roles.admin()
                        .get("/api/v1/runs/" + node.get("runId").asString())
                        .json();
                assertThat(run.get("phase").asString()).isEqualTo("Stopped");
                assertThat(run.get("message").asString()).contains("stop condition checkout-up");
            }
        }
        assertThat(fixtures.eventReasons(tenant.accountId()))
                .contains("StopConditionBreached", "RunStopped", "WorkflowStopped");
        assertThat(roles.operator()
                        .post("/api/v1/workflows/default/guarded/abort", null)
                        .status())
                .as("a stopped workflow is finished")
                .isEqualTo(409);

        // a new run of the workflow checks its conditions afresh
        target.answer(200);
        Api.Response again = roles.operator().post("/api/v1/workflows/default/guarded/run", null);
        assertThat(again.status()).as(again.text()).isBetween(200, 201);
        int checksBefore = checks("checkout-up");
        JsonNode rerun = agent.poll(0).json().get("taskList");
        assertThat(rerun).hasSize(2);
        rerun.forEach(task -> agent.status(task.get("taskName").asString(), "Running"));
        await("checks of the new run").atMost(BREACH_WITHIN).until(() -> checks("checkout-up") >= checksBefore + 2);
        assertThat(workflow("guarded").get("status").get("phase").asString()).isEqualTo("Running");
    }

    @Nested
    class Refusals {

        @Test
        void badConditionsAreNamedAtTheirField() {
            Api.Response refused = roles.admin()
                    .postRaw(
                            "/api/v1/workflows",
                            workflow("bad", """
                                    [{"name":"up","type":"http","interval":"0s",
                                      "http":{"url":"%s","method":{"get":{"criteria":"==","responseCode":"200"}}}},
                                     {"name":"cmd","type":"command",
                                      "command":{"command":"true","comparator":{"type":"int","criteria":"<","value":"90"}}}]""".formatted(target.url("/health"))),
                            "application/json");
            assertThat(refused.status()).as(refused.text()).isEqualTo(400);
            assertThat(refused.json().get("errors"))
                    .extracting(error -> error.get("field").asString())
                    .contains("spec.stopConditions[0].interval", "spec.stopConditions[1].type");
            assertThat(roles.admin().get("/api/v1/workflows/default/bad").status())
                    .isEqualTo(404);
        }

        @Test
        void onlyAdminsOfTheTenantCreateThemAndOtherTenantsDoNotSeeThem() {
            String manifest = workflow(
                    "walled", "[" + StopConditionsTest.httpCondition("checkout-up", target.url("/health"), "") + "]");
            assertThat(roles.operator()
                            .postRaw("/api/v1/workflows", manifest, "application/json")
                            .status())
                    .isEqualTo(403);
            assertThat(roles.viewer()
                            .postRaw("/api/v1/workflows", manifest, "application/json")
                            .status())
                    .isEqualTo(403);
            assertThat(roles.admin()
                            .postRaw("/api/v1/workflows", manifest, "application/json")
                            .status())
                    .isEqualTo(201);
            Api other = server.withKey(fixtures.newTenant().adminKey());
            assertThat(other.get("/api/v1/workflows/default/walled").status()).isEqualTo(404);
            assertThat(other.post("/api/v1/workflows/default/walled/abort", null)
                            .status())
                    .isEqualTo(404);
            assertThat(checks("checkout-up")).isZero();
        }
    }
}
