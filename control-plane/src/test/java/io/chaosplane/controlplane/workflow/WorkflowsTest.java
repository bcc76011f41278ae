package io.chaosplane.controlplane.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosplane.controlplane.support.FakeAgent;
import io.chaosplane.controlplane.support.Fixtures;
import io.chaosplane.controlplane.support.IntegrationTest;
import io.chaosplane.controlplane.support.Keys.RoleMatrix;
import io.chaosplane.testsupport.Api;
import io.chaosplane.testsupport.Await;
import io.chaosplane.testsupport.TestClock;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@IntegrationTest
class WorkflowsTest {

    @LocalServerPort
    int port;

    @Autowired
    Fixtures fixtures;

    @Autowired
    TestClock clock;

    @Autowired
    WorkflowTriggers triggers;

    Api server;
    RoleMatrix roles;
    FakeAgent agent;

    @BeforeEach
    void setUp() {
        server = new Api(port);
        roles = RoleMatrix.of(server, fixtures.newTenant());
        agent = FakeAgent.install(server, roles.admin(), "workflow_host");
        for (String name : new String[] {"first", "second"}) {
            roles.admin().postRaw("/api/v1/experiments", """
                    {"apiVersion":"chaos.chaosplane.io/v1alpha1","kind":"ChaosExperiment","metadata":{"name":"%s"},
                     "spec":{"target":{"infrastructure":"%s"},"action":{"type":"linux-cpu-stress"},"duration":"5s"}}""".formatted(name, agent.infraId()), "application/json");
            // each experiment's creation ran it once: finish that run so that the workflow may start another
            JsonNode task = agent.poll(0).json().get("taskList").get(0);
            agent.pass(task.get("taskName").asString());
        }
    }

    private String workflow(String name, String templates, String entry) {
        return """
                {"apiVersion":"chaos.chaosplane.io/v1alpha1","kind":"ChaosWorkflow","metadata":{"name":"%s"},
                 "spec":{"entry":"%s","templates":[%s]}}""".formatted(name, entry, templates);
    }

    private String statusCheck(String name, String expectedCode) {
        return """
                {"name":"%s","templateType":"StatusCheck","statusCheck":{"infrastructure":"%s","probes":[
                  {"name":"health","type":"httpProbe","mode":"SOT",
                   "httpProbe/inputs":{"url":"http://127.0.0.1:1/health","responseTimeout":500,
                                       "method":{"get":{"criteria":"==","responseCode":"%s"}}}}]}}""".formatted(name, agent.infraId(), expectedCode);
    }

    private JsonNode get(String name) {
        return roles.viewer().get("/api/v1/workflows/default/" + name).json();
    }

    private String phaseOf(String name) {
        return get(name).get("status").get("phase").asString();
    }

    private JsonNode nextTask() {
        return Await.until(
                        "a task reaches the agent",
                        () -> agent.poll(0).json().get("taskList"),
                        tasks -> !tasks.isEmpty())
                .get(0);
    }

    @Test
    void aTwoStepWorkflowWithASuspendAndAStatusCheckRunsToTheEnd() {
        var created = roles.admin()
                .postRaw(
                        "/api/v1/workflows",
                        workflow("release-check", """
                {"name":"main","templateType":"Serial","children":["run-first","hold","check","run-second"]},
                {"name":"run-first","templateType":"Experiment","experiment":{"name":"first"}},
                {"name":"hold","templateType":"Suspend"},
                %s,
                {"name":"run-second","templateType":"Experiment","experiment":{"name":"second"}}""".formatted(statusCheck("check", "200")), "main"),
                        "application/json");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        assertThat(created.json().get("status").get("phase").asString()).isEqualTo("Running");

        JsonNode first = nextTask();
        assertThat(first.get("taskName").asString()).contains("first");
        agent.pass(first.get("taskName").asString());
        Await.until("the workflow waits in its suspend step", () -> phaseOf("release-check"), "Suspended"::equals);
        assertThat(agent.poll(0).json().get("taskList")).isEmpty();
        assertThat(roles.viewer()
                        .post("/api/v1/workflows/default/release-check/resume", null)
                        .status())
                .isEqualTo(403);

        JsonNode resumed = roles.operator()
                .post("/api/v1/workflows/default/release-check/resume", null)
                .json();
        assertThat(resumed.get("status").get("phase").asString()).isEqualTo("Running");
        JsonNode check = nextTask();
        assertThat(check.get("action").get("chaos").get("experiment").asString())
                .isEqualTo("linux-status-check");
        assertThat(check.get("action")
                        .get("chaos")
                        .get("probes")
                        .get(0)
                        .get("name")
                        .asString())
                .isEqualTo("health");
        agent.pass(check.get("taskName").asString());

        JsonNode second = nextTask();
        assertThat(second.get("taskName").asString()).contains("second");
        agent.pass(second.get("taskName").asString());
        JsonNode done = Await.until(
                "the workflow completes",
                () -> get("release-check"),
                workflow ->
                        "Completed".equals(workflow.get("status").get("phase").asString()));
        assertThat(done.get("status").get("nodes"))
                .allMatch(node -> node.get("phase").asString().equals("Completed"));
        assertThat(roles.admin()
                        .post("/api/v1/workflows/default/release-check/resume", null)
                        .status())
                .isEqualTo(409);
        assertThat(roles.viewer()
                        .get("/api/v1/workflows")
                        .json()
                        .get("items")
                        .get(0)
                        .get("phase")
                        .asString())
                .isEqualTo("Completed");
        assertThat(roles.viewer()
                        .get("/api/v1/events?resource=release-check")
                        .json()
                        .get("items"))
                .extracting(event -> event.get("message").asString())
                .contains("step hold completed: resumed", "step main completed", "workflow completed");
    }

    @Test
    void aFailingStatusCheckStopsWhatFollows() {
        roles.admin()
                .postRaw(
                        "/api/v1/workflows",
                        workflow("gated", """
                {"name":"main","templateType":"Serial","children":["check","run-second"]},
                %s,
                {"name":"run-second","templateType":"Experiment","experiment":{"name":"second"}}""".formatted(statusCheck("check", "200")), "main"),
                        "application/json");
        JsonNode check = nextTask();
        agent.result(check.get("taskName").asString(), """
                {"result":{"taskStatus":"Completed","verdict":"Fail","probeSuccessPercentage":"0"}}""");
        JsonNode failed = Await.until(
                "the workflow fails",
                () -> get("gated"),
                workflow -> "Failed".equals(workflow.get("status").get("phase").asString()));
        assertThat(failed.get("status").get("message").asString()).contains("status check failed");
        assertThat(agent.poll(0).json().get("taskList")).isEmpty();
    }

    @Test
    void parallelStepsRunTogetherAndAbortingStopsThem() {
        roles.admin().postRaw("/api/v1/workflows", workflow("both", """
                {"name":"main","templateType":"Parallel","children":["a","b"]},
                {"name":"a","templateType":"Experiment","experiment":{"name":"first"}},
                {"name":"b","templateType":"Experiment","experiment":{"name":"second"}}""", "main"), "application/json");
        JsonNode tasks = agent.poll(0).json().get("taskList");
        assertThat(tasks).hasSize(2);
        JsonNode aborted = roles.operator()
                .post("/api/v1/workflows/default/both/abort", null)
                .json();
        assertThat(aborted.get("status").get("phase").asString()).isEqualTo("Aborted");
        assertThat(agent.poll(0).json().get("abortTaskNames")).hasSize(2);
        assertThat(roles.operator()
                        .post("/api/v1/workflows/default/both/abort", null)
                        .status())
                .isEqualTo(409);
    }

    @Test
    void aSuspendWithATimeoutGoesOnByItself() {
        roles.admin().postRaw("/api/v1/workflows", workflow("timed", """
                {"name":"main","templateType":"Serial","children":["hold","run-first"]},
                {"name":"hold","templateType":"Suspend","suspend":{"timeout":"10m"}},
                {"name":"run-first","templateType":"Experiment","experiment":{"name":"first"}}""", "main"), "application/json");
        assertThat(phaseOf("timed")).isEqualTo("Suspended");
        clock.advance(Duration.ofMinutes(11));
        triggers.tick();
        assertThat(nextTask().get("taskName").asString()).contains("first");
    }

    @Nested
    class Refusals {

        @Test
        void badManifestsAreNamedAtTheirField() {
            var response = roles.admin().postRaw("/api/v1/workflows", workflow("bad", """
                    {"name":"main","templateType":"Serial","children":["x","ghost"]},
                    {"name":"x","templateType":"Experiment","experiment":{"name":"nope"}},
                    {"name":"lonely","templateType":"Teleport"}""", "main"), "application/json");
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.json().get("errors"))
                    .extracting(error -> error.get("field").asString())
                    .contains("spec.templates[0].children", "spec.templates[2].templateType");
            var unknownExperiment =
                    roles.admin().postRaw("/api/v1/workflows", workflow("bad2", """
                    {"name":"x","templateType":"Experiment","experiment":{"name":"nope"}}""", "x"), "application/json");
            assertThat(unknownExperiment
                            .json()
                            .get("errors")
                            .get(0)
                            .get("field")
                            .asString())
                    .isEqualTo("spec.templates[0].experiment.name");
            var noEntry = roles.admin().postRaw("/api/v1/workflows", workflow("bad3", """
                    {"name":"x","templateType":"Suspend"}""", "y"), "application/json");
            assertThat(noEntry.json().get("errors").get(0).get("field").asString())
                    .isEqualTo("spec.entry");
        }

        @Test
        void rolesTenantsAndConflicts() {
            String manifest = workflow("guarded", """
                    {"name":"hold","templateType":"Suspend"}""", "hold");
            assertThat(roles.operator()
                            .postRaw("/api/v1/workflows", manifest, "application/json")
                            .status())
                    .isEqualTo(403);
            assertThat(roles.admin()
                            .postRaw("/api/v1/workflows", manifest, "application/json")
                            .status())
                    .isEqualTo(201);
            assertThat(roles.admin()
                            .postRaw("/api/v1/workflows", manifest, "application/json")
                            .status())
                    .isEqualTo(409);
            assertThat(roles.admin().delete("/api/v1/workflows/default/guarded").status())
                    .isEqualTo(409);
            Api other = server.withKey(fixtures.newTenant().adminKey());
            assertThat(other.get("/api/v1/workflows/default/guarded").status()).isEqualTo(404);
            assertThat(other.post("/api/v1/workflows/default/guarded/abort", null)
                            .status())
                    .isEqualTo(404);
            roles.admin().post("/api/v1/workflows/default/guarded/abort", null);
            assertThat(roles.admin().delete("/api/v1/workflows/default/guarded").status())
                    .isEqualTo(204);
        }

        @Test
        void aPolicyThatForbidsOneOfItsExperimentsRefusesTheWorkflow() {
            roles.admin().postRaw("/api/v1/policies", """
                    {"name":"no-cpu","rules":[{"name":"deny","type":"denyFaults","faults":["linux-cpu-stress"]}]}""", "application/json");
            var refused =
                    roles.admin().postRaw("/api/v1/workflows", workflow("forbidden", """
                    {"name":"x","templateType":"Experiment","experiment":{"name":"first"}}""", "x"), "application/json");
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.json().get("policy").asString()).isEqualTo("no-cpu");
            assertThat(roles.admin().get("/api/v1/workflows/default/forbidden").status())
                    .isEqualTo(404);
        }
    }
}
