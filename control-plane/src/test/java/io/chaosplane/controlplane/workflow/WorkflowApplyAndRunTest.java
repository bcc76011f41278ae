package io.chaosplane.controlplane.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosplane.controlplane.support.FakeAgent;
import io.chaosplane.controlplane.support.Fixtures;
import io.chaosplane.controlplane.support.IntegrationTest;
import io.chaosplane.controlplane.support.Keys.RoleMatrix;
import io.chaosplane.testsupport.Api;
import io.chaosplane.testsupport.Await;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * {@code PUT /api/v1/workflows/{namespace}/{name}} (create or update without starting, unchanged, dry run) and
 * {@code POST .../run} (a new run of a workflow that exists), as chaosctl uses them.
 */
@IntegrationTest
class WorkflowApplyAndRunTest {

    private static final String PATH = "/api/v1/workflows/default/pipeline";

    @LocalServerPort
    int port;

    @Autowired
    Fixtures fixtures;

    Api server;
    RoleMatrix roles;
    FakeAgent agent;

    @BeforeEach
    void setUp() {
        server = new Api(port);
        roles = RoleMatrix.of(server, fixtures.newTenant());
        agent = FakeAgent.install(server, roles.admin(), "pipeline_host");
        for (String name : new String[] {"first", "second"}) {
            var applied = roles.admin()
                    .send(
                            "PUT",
                            "/api/v1/experiments/default/" + name,
                            """
                    {"apiVersion":"chaos.chaosplane.io/v1alpha1","kind":"ChaosExperiment","metadata":{"name":"%s"},
                     "spec":{"target":{"infrastructure":"%s"},"action":{"type":"linux-cpu-stress"},"duration":"5s"}}""".formatted(name, agent.infraId()),
                            "application/json");
            assertThat(applied.status()).as(applied.text()).isEqualTo(201);
        }
    }

    private static String workflow(String name, String second) {
        return """
                {"apiVersion":"chaos.chaosplane.io/v1alpha1","kind":"ChaosWorkflow","metadata":{"name":"%s"},
                 "spec":{"entry":"main","templates":[
                   {"name":"main","templateType":"Serial","children":["a","b"]},
                   {"name":"a","templateType":"Experiment","experiment":{"name":"first"}},
                   {"name":"b","templateType":"Experiment","experiment":{"name":"%s"}}]}}""".formatted(name, second);
    }

    private Api.Response put(Api api, String body, String query) {
        return api.send("PUT", PATH + query, body, "application/json");
    }

    private String phase() {
        return roles.viewer().get(PATH).json().get("status").get("phase").asString();
    }

    private JsonNode nextTask() {
        return Await.until(
                        "a task reaches the agent",
                        () -> agent.poll(0).json().get("taskList"),
                        tasks -> !tasks.isEmpty())
                .get(0);
    }

    private void runToTheEnd() {
        for (String step : new String[] {"first", "second"}) {
            JsonNode task = nextTask();
            assertThat(task.get("taskName").asString()).contains(step);
            agent.pass(task.get("taskName").asString());
        }
        Await.until("the workflow completes", this::phase, "Completed"::equals);
    }

    @Test
    void applyCreatesWithoutStartingChangesNothingTheSecondTimeAndDryRunKeepsNothing() {
        var dry = put(roles.admin(), workflow("pipeline", "second"), "?dryRun=true");
        assertThat(dry.status()).as(dry.text()).isEqualTo(200);
        assertThat(dry.header("X-ChaosPlane-Applied")).isEqualTo("created");
        assertThat(roles.viewer().get(PATH).status()).isEqualTo(404);

        var created = put(roles.admin(), workflow("pipeline", "second"), "");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        assertThat(created.header("X-ChaosPlane-Applied")).isEqualTo("created");
        assertThat(created.json().get("status").get("phase").asString()).isEqualTo("Pending");
        assertThat(agent.poll(0).json().get("taskList")).isEmpty();

        var again = put(roles.admin(), workflow("pipeline", "second"), "");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.header("X-ChaosPlane-Applied")).isEqualTo("unchanged");

        var changed = put(roles.admin(), workflow("pipeline", "first"), "?dryRun=true");
        assertThat(changed.header("X-ChaosPlane-Applied")).isEqualTo("updated");
        assertThat(roles.viewer()
                        .get(PATH)
                        .json()
                        .get("spec")
                        .get("templates")
                        .get(2)
                        .get("experiment")
                        .get("name")
                        .asString())
                .as("a dry run keeps the stored workflow")
                .isEqualTo("second");
        var updated = put(roles.admin(), workflow("pipeline", "first"), "");
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.header("X-ChaosPlane-Applied")).isEqualTo("updated");
        assertThat(updated.json().get("status").get("phase").asString()).isEqualTo("Pending");
    }

    @Test
    void badManifestsAreNamedAtTheirFieldAndNothingIsStored() {
        var wrongName = put(roles.admin(), workflow("other", "second"), "");
        assertThat(wrongName.status()).isEqualTo(400);
        assertThat(wrongName.json().get("errors").get(0).get("field").asString())
                .isEqualTo("metadata.name");
        var unknownExperiment = put(roles.admin(), workflow("pipeline", "ghost"), "?dryRun=true");
        assertThat(unknownExperiment.status()).isEqualTo(400);
        assertThat(unknownExperiment.json().get("errors").get(0).get("field").asString())
                .isEqualTo("spec.templates[2].experiment.name");
        var noTemplates = put(roles.admin(), """
                {"apiVersion":"chaos.chaosplane.io/v1alpha1","kind":"ChaosWorkflow","metadata":{"name":"pipeline"},
                 "spec":{"entry":"main","templates":[]}}""", "");
        assertThat(noTemplates.status()).isEqualTo(400);
        assertThat(noTemplates.json().get("errors").get(0).get("field").asString())
                .isEqualTo("spec.templates");
        assertThat(roles.viewer().get(PATH).status()).isEqualTo(404);
    }

    @Test
    void runStartsANewRunEachTimeTheWorkflowIsNotInProgress() {
        put(roles.admin(), workflow("pipeline", "second"), "");
        var started = roles.operator().post(PATH + "/run", null);
        assertThat(started.status()).as(started.text()).isEqualTo(200);
        assertThat(started.json().get("status").get("phase").asString()).isEqualTo("Running");
        assertThat(roles.operator().post(PATH + "/run", null).status())
                .as("a second run while the first goes on")
                .isEqualTo(409);
        assertThat(put(roles.admin(), workflow("pipeline", "first"), "").status())
                .as("changing it while it runs")
                .isEqualTo(409);
        assertThat(put(roles.admin(), workflow("pipeline", "second"), "").header("X-ChaosPlane-Applied"))
                .as("applying it unchanged while it runs")
                .isEqualTo("unchanged");
        runToTheEnd();
        String firstRunOfA = roles.viewer()
                .get(PATH)
                .json()
                .get("status")
                .get("nodes")
                .get(0)
                .get("runId")
                .asString();

        var again = roles.operator().post(PATH + "/run", null);
        assertThat(again.status()).as(again.text()).isEqualTo(200);
        JsonNode nodes = again.json().get("status").get("nodes");
        assertThat(nodes.get(0).get("name").asString()).isEqualTo("a");
        assertThat(nodes.get(0).get("phase").asString()).isEqualTo("Running");
        assertThat(nodes.get(0).get("runId").asString()).isNotEqualTo(firstRunOfA);
        assertThat(nodes.get(1).get("phase").asString()).isEqualTo("Pending");
        runToTheEnd();
    }

    @Test
    void rolesTenantsAndHalts() {
        assertThat(put(roles.viewer(), workflow("pipeline", "second"), "").status())
                .isEqualTo(403);
        assertThat(put(roles.operator(), workflow("pipeline", "second"), "").status())
                .isEqualTo(403);
        put(roles.admin(), workflow("pipeline", "second"), "");
        assertThat(roles.viewer().post(PATH + "/run", null).status()).isEqualTo(403);
        Api other = server.withKey(fixtures.newTenant().adminKey());
        assertThat(other.post(PATH + "/run", null).status()).isEqualTo(404);
        assertThat(roles.operator()
                        .post("/api/v1/workflows/default/nothing/run", null)
                        .status())
                .isEqualTo(404);

        var halt = roles.operator()
                .post(
                        "/api/v1/halts",
                        Map.of(
                                "scope",
                                "project",
                                "organizationIdentifier",
                                "default",
                                "projectIdentifier",
                                "default_project",
                                "reason",
                                "release freeze"));
        assertThat(halt.status()).as(halt.text()).isEqualTo(201);
        var refused = roles.operator().post(PATH + "/run", null);
        assertThat(refused.status()).as(refused.text()).isEqualTo(409);
        assertThat(refused.text()).contains("release freeze");
        assertThat(phase()).as("a refused run changes nothing").isEqualTo("Pending");
        assertThat(agent.poll(0).json().get("taskList")).isEmpty();

        assertThat(roles.admin()
                        .delete("/api/v1/halts/" + halt.json().get("id").asString())
                        .status())
                .isLessThan(300);
        assertThat(roles.operator().post(PATH + "/run", null).status()).isEqualTo(200);
        runToTheEnd();
    }
}
