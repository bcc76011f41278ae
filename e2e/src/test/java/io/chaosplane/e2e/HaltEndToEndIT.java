package io.chaosplane.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosplane.testsupport.Api;
import io.chaosplane.testsupport.Await;
import io.chaosplane.testsupport.JarProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The emergency stop against a real agent process holding a real fault: the halt stops the run (phase Stopped, with
 * the halt's reason), the agent's CPU burner is gone from the host within seconds, nothing starts while the halt is
 * active, and after it is lifted the same agent takes chaos again.
 */
class HaltEndToEndIT {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    /** The halt's promise: well within a fault's duration, the fault is off the host. */
    private static final Duration REVERTED_WITHIN = Duration.ofSeconds(15);

    final ControlPlaneProcess controlPlane = ControlPlaneProcess.shared();

    @TempDir
    Path dir;

    Api admin;
    JarProcess agent;
    String infraId;

    @BeforeEach
    void installAgent() throws Exception {
        admin = new Api(controlPlane.port()).withKey(controlPlane.newTenantAdminKey());
        AgentProcess.Installed installed = AgentProcess.install(admin, controlPlane.url(), dir, "halted_host");
        infraId = installed.infraId();
        agent = installed.process();
    }

    @AfterEach
    void stop() throws Exception {
        if (agent != null) {
            agent.close();
        }
    }

    private String cpuExperiment(String name) {
        return """
                {"apiVersion":"chaos.chaosplane.io/v1alpha1","kind":"ChaosExperiment",
                 "metadata":{"name":"%s","namespace":"e2e"},
                 "spec":{"target":{"kind":"Linux","infrastructure":"%s"},
                         "action":{"type":"linux-cpu-stress","parameters":{"Load":"100","Workers":"1"}},
                         "duration":"120s"}}""".formatted(name, infraId);
    }

    private JsonNode runOf(String name) {
        return admin.get("/api/v1/experiments/e2e/" + name).json();
    }

    @Test
    void aHaltRevertsTheRealFaultAtOnceRefusesNewRunsAndOnceLiftedChaosRunsAgain() throws Exception {
        var created = admin.postRaw("/api/v1/experiments", cpuExperiment("burning"), "application/json");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        await("a burner runs on the host", () -> agent.children().size(), count -> count > 0);

        long posted = System.nanoTime();
        Api.Response halt = admin.withHeader("Idempotency-Key", "e2e-halt")
                .post("/api/v1/halts", Map.of("scope", "account", "reason", "e2e: stop everything"));
        assertThat(halt.status()).as(halt.text()).isEqualTo(201);
        assertThat(halt.json().get("runsStopped").asInt()).isEqualTo(1);
        assertThat(halt.json().get("faultsReverting").asInt()).isEqualTo(1);
        Await.until(
                "the burner is gone from the host",
                REVERTED_WITHIN,
                () -> agent.children().size(),
                count -> count == 0);
        System.out.printf(
                "halt to burner gone: %d ms%n",
                Duration.ofNanos(System.nanoTime() - posted).toMillis());

        JsonNode stopped = await(
                "the run is stopped",
                () -> runOf("burning"),
                experiment ->
                        "Stopped".equals(experiment.get("status").get("phase").asString()));
        assertThat(stopped.get("status").get("message").asString()).contains("e2e: stop everything");
        assertThat(stopped.get("status")
                        .get("steps")
                        .get(0)
                        .get("faults")
                        .get(0)
                        .get("verdict")
                        .asString())
                .isEqualTo("Stopped");

        Api.Response refused = admin.post("/api/v1/experiments/e2e/burning/run", null);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.text()).contains(halt.json().get("id").asString());
        Api.Response again = admin.withHeader("Idempotency-Key", "e2e-halt")
                .post("/api/v1/halts", Map.of("scope", "account", "reason", "e2e: stop everything"));
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("id")).isEqualTo(halt.json().get("id"));

        assertThat(admin.delete("/api/v1/halts/" + halt.json().get("id").asString())
                        .status())
                .isEqualTo(200);
        await(
                "a run starts once the halt is lifted",
                () -> admin.post("/api/v1/experiments/e2e/burning/run", null).status(),
                status -> status == 201);
        await("the agent takes chaos again", () -> agent.children().size(), count -> count > 0);
        admin.post("/api/v1/experiments/e2e/burning/abort", null);
        await("the burner is gone", () -> agent.children().size(), count -> count == 0);
    }

    private static <T> T await(String what, Supplier<T> probe, Predicate<T> done) {
        return Await.until(what, PATIENCE, probe, done);
    }
}
