package io.chaosplane.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.chaosplane.testsupport.Api;
import io.chaosplane.testsupport.Await;
import io.chaosplane.testsupport.JarProcess;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Stop conditions against a real agent process holding a real fault (a CPU burner on this host): when the system
 * under test goes down mid-run, the run is stopped with the condition's reason and the burner is gone from the host,
 * whether the control plane saw it (an HTTP check) or the agent did (a command check).
 */
class StopConditionsEndToEndIT {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final Duration REVERTED_WITHIN = Duration.ofSeconds(15);

    final ControlPlaneProcess controlPlane = ControlPlaneProcess.shared();

    @TempDir
    Path dir;

    Api admin;
    JarProcess agent;
    String infraId;
    HttpServer target;
    final AtomicInteger status = new AtomicInteger(200);

    @BeforeEach
    void start() throws Exception {
        admin = new Api(controlPlane.port()).withKey(controlPlane.newTenantAdminKey());
        AgentProcess.Installed installed =
                AgentProcess.install(admin, controlPlane.url(), dir, "guarded_host", "probes.command.enabled=true");
        infraId = installed.infraId();
        agent = installed.process();
        target = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        target.createContext("/health", exchange -> {
            exchange.sendResponseHeaders(status.get(), -1);
            exchange.close();
        });
        target.start();
    }

    @AfterEach
    void stop() throws Exception {
        target.stop(0);
        if (agent != null) {
            agent.close();
        }
    }

    private String burning(String name, String stopCondition) {
        return """
                {"apiVersion":"chaos.chaosplane.io/v1alpha1","kind":"ChaosExperiment",
                 "metadata":{"name":"%s","namespace":"e2e"},
                 "spec":{"target":{"kind":"Linux","infrastructure":"%s"},
                         "action":{"type":"linux-cpu-stress","parameters":{"Load":"100","Workers":"1"}},
                         "duration":"120s",
                         "stopConditions":[%s]}}""".formatted(name, infraId, stopCondition);
    }

    private JsonNode stoppedRun(String name) {
        return Await.until(
                        "the run is stopped",
                        PATIENCE,
                        () -> admin.get("/api/v1/experiments/e2e/" + name).json(),
                        experiment -> "Stopped"
                                .equals(experiment.get("status").get("phase").asString()))
                .get("status");
    }

    private void burnerGoneAfter(Runnable breakTheSystem) {
        long broken = System.nanoTime();
        breakTheSystem.run();
        Await.until(
                "the burner is gone from the host",
                REVERTED_WITHIN,
                () -> agent.children().size(),
                count -> count == 0);
        System.out.printf(
                "system down to burner gone: %d ms%n",
                Duration.ofNanos(System.nanoTime() - broken).toMillis());
    }

    @Test
    void anHttpTargetGoingDownStopsTheRunAndTheAgentRevertsTheRealFault() {
        String condition = """
                {"name":"checkout-up","type":"http","interval":"1s",
                 "http":{"url":"http://127.0.0.1:%d/health","method":{"get":{"criteria":"==","responseCode":"200"}}}}""".formatted(target.getAddress().getPort());
        var created = admin.postRaw("/api/v1/experiments", burning("http-guarded", condition), "application/json");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        Await.until(
                "a burner runs on the host", PATIENCE, () -> agent.children().size(), count -> count > 0);

        burnerGoneAfter(() -> status.set(503));

        JsonNode run = stoppedRun("http-guarded");
        assertThat(run.get("message").asString()).contains("stop condition checkout-up: HTTP 503 from");
    }

    @Test
    void aCommandConditionBreachedOnTheAgentStopsTheRunAndRevertsTheRealFault() throws Exception {
        Path health = Files.writeString(dir.resolve("health"), "ok\n");
        String condition = """
                {"name":"health-file","type":"command","interval":"1s",
                 "command":{"command":"cat %s","comparator":{"type":"string","criteria":"equal","value":"ok"}}}""".formatted(health);
        var created = admin.postRaw("/api/v1/experiments", burning("command-guarded", condition), "application/json");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        Await.until(
                "a burner runs on the host", PATIENCE, () -> agent.children().size(), count -> count > 0);

        burnerGoneAfter(() -> {
            try {
                Files.writeString(health, "down\n");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });

        JsonNode run = stoppedRun("command-guarded");
        assertThat(run.get("message").asString())
                .contains("stop condition health-file: output 'down' does not meet equal ok");
    }
}
