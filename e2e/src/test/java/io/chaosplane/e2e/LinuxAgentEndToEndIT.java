package io.chaosplane.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosplane.testsupport.Api;
import io.chaosplane.testsupport.Await;
import io.chaosplane.testsupport.JarProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The control plane, the log service and a real agent process on one machine: an infrastructure is created, its
 * agent confirms and turns CONNECTED, and experiments with a real CPU fault and an HTTP probe run to their verdicts,
 * their log lines readable through the control plane.
 */
class LinuxAgentEndToEndIT {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    final ControlPlaneProcess controlPlane = ControlPlaneProcess.shared();
    final int port = controlPlane.port();

    @TempDir
    Path dir;

    Api admin;
    JarProcess agent;
    String infraId;
    ProbeTarget app;

    @BeforeEach
    void installAgent() throws Exception {
        app = ProbeTarget.start();

        admin = new Api(port).withKey(controlPlane.newTenantAdminKey());
        AgentProcess.Installed installed = AgentProcess.install(admin, "http://localhost:" + port, dir, "e2e_host");
        infraId = installed.infraId();
        agent = installed.process();
    }

    @AfterEach
    void stop() throws Exception {
        if (agent != null) {
            agent.close();
        }
        app.close();
    }

    private String experiment(String name, String duration, String probePath) {
        return """
                {"apiVersion":"chaos.chaosplane.io/v1alpha1","kind":"ChaosExperiment",
                 "metadata":{"name":"%s","namespace":"e2e"},
                 "spec":{"target":{"kind":"Linux","infrastructure":"%s"},
                         "action":{"type":"linux-cpu-stress","parameters":{"Load":"100","Workers":"1"}},
                         "duration":"%s",
                         "probes":[{"name":"app-up","type":"httpProbe","mode":"Continuous",
                                    "httpProbe/inputs":{"url":"http://127.0.0.1:%d%s","responseTimeout":1000,
                                                        "method":{"get":{"criteria":"==","responseCode":"200"}}},
                                    "runProperties":{"probeTimeout":"2s","interval":"1s","attempt":1}}]}}""".formatted(name, infraId, duration, app.port(), probePath);
    }

    private JsonNode runOf(String name) {
        return admin.get("/api/v1/experiments/e2e/" + name).json();
    }

    @Test
    void aCpuFaultWithAPassingProbeEndsPassWithFullScoreAndItsBurnerGone() throws Exception {
        var created =
                admin.postRaw("/api/v1/experiments", experiment("cpu-pass", "3s", "/healthy"), "application/json");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        await("a burner runs", () -> agent.children().size(), count -> count > 0);

        JsonNode finished = await(
                "the run finishes",
                () -> runOf("cpu-pass"),
                experiment ->
                        "Completed".equals(experiment.get("status").get("phase").asString()));
        JsonNode fault =
                finished.get("status").get("steps").get(0).get("faults").get(0);
        assertThat(fault.get("verdict").asString()).as(fault.toString()).isEqualTo("Pass");
        assertThat(fault.get("probeSuccessPercentage").asDouble()).isEqualTo(100.0);
        assertThat(fault.get("probeStatuses")
                        .get(0)
                        .get("status")
                        .get("verdict")
                        .asString())
                .isEqualTo("Passed");
        assertThat(finished.get("status").get("resiliencyScore").asDouble()).isEqualTo(100.0);
        await("the burner is gone", () -> agent.children().size(), count -> count == 0);

        String runId = finished.get("status").get("runId").asString();
        String stream = fault.get("streamID").asString();
        JsonNode lines = await(
                "its log lines reach the log service",
                () -> admin.get("/api/v1/runs/" + runId + "/logs?streamID=" + stream)
                        .json(),
                page -> page.size() > 2);
        assertThat(lines.toString()).contains("linux-cpu-stress");
        for (int i = 0; i < lines.size(); i++) {
            assertThat(lines.get(i).get("pos").asLong()).isEqualTo(i);
        }
    }

    @Test
    void aFailingProbeGivesFail() throws Exception {
        admin.postRaw("/api/v1/experiments", experiment("cpu-fail", "2s", "/broken"), "application/json");
        JsonNode finished = await(
                "the run finishes",
                () -> runOf("cpu-fail"),
                experiment ->
                        "Completed".equals(experiment.get("status").get("phase").asString()));
        JsonNode fault =
                finished.get("status").get("steps").get(0).get("faults").get(0);
        assertThat(fault.get("verdict").asString()).as(fault.toString()).isEqualTo("Fail");
        assertThat(finished.get("status").get("resiliencyScore").asDouble()).isEqualTo(0.0);
        await("the burner is gone", () -> agent.children().size(), count -> count == 0);
    }

    @Test
    void abortingMidFaultReportsStoppedAndTheBurnerIsGone() throws Exception {
        admin.postRaw("/api/v1/experiments", experiment("cpu-abort", "60s", "/healthy"), "application/json");
        await("a burner runs", () -> agent.children().size(), count -> count > 0);
        assertThat(admin.post("/api/v1/experiments/e2e/cpu-abort/abort", null).status())
                .isEqualTo(200);
        JsonNode aborted = await(
                "the run is aborted",
                () -> runOf("cpu-abort"),
                experiment ->
                        "Aborted".equals(experiment.get("status").get("phase").asString()));
        assertThat(aborted.get("status")
                        .get("steps")
                        .get(0)
                        .get("faults")
                        .get(0)
                        .get("verdict")
                        .asString())
                .isEqualTo("Stopped");
        await("the burner is gone", () -> agent.children().size(), count -> count == 0);
    }

    @Test
    void aTwoStepWorkflowWithASuspendAndAStatusCheckRunsOnTheRealAgent() throws Exception {
        for (String name : new String[] {"wf-first", "wf-second"}) {
            admin.postRaw("/api/v1/experiments", experiment(name, "2s", "/healthy"), "application/json");
            await(
                    name + "'s first run finishes",
                    () -> runOf(name),
                    experiment -> "Completed"
                            .equals(experiment.get("status").get("phase").asString()));
        }
        var created = admin.postRaw("/api/v1/workflows", """
                {"apiVersion":"chaos.chaosplane.io/v1alpha1","kind":"ChaosWorkflow",
                 "metadata":{"name":"release","namespace":"e2e"},
                 "spec":{"entry":"main","templates":[
                   {"name":"main","templateType":"Serial","children":["first","hold","gate","second"]},
                   {"name":"first","templateType":"Experiment","experiment":{"name":"wf-first"}},
                   {"name":"hold","templateType":"Suspend","suspend":{"timeout":"10m"}},
                   {"name":"gate","templateType":"StatusCheck","statusCheck":{"infrastructure":"%s","probes":[
                     {"name":"app-up","type":"httpProbe","mode":"SOT",
                      "httpProbe/inputs":{"url":"http://127.0.0.1:%d/healthy","responseTimeout":1000,
                                          "method":{"get":{"criteria":"==","responseCode":"200"}}}}]}},
                   {"name":"second","templateType":"Experiment","experiment":{"name":"wf-second"}}]}}""".formatted(infraId, app.port()), "application/json");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        await(
                "the workflow waits in its suspend step",
                () -> admin.get("/api/v1/workflows/e2e/release").json(),
                workflow ->
                        "Suspended".equals(workflow.get("status").get("phase").asString()));
        assertThat(admin.post("/api/v1/workflows/e2e/release/resume", null).status())
                .isEqualTo(200);
        JsonNode done = await(
                "the workflow completes",
                () -> admin.get("/api/v1/workflows/e2e/release").json(),
                workflow -> workflow.get("status").get("phase").asString().matches("Completed|Failed"));
        assertThat(done.get("status").get("phase").asString())
                .as(done.toString())
                .isEqualTo("Completed");
        await("no burner is left", () -> agent.children().size(), count -> count == 0);
    }

    private static <T> T await(String what, Supplier<T> probe, Predicate<T> done) {
        return Await.until(what, PATIENCE, probe, done);
    }
}
