package io.chaosplane.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosplane.testsupport.Api;
import io.chaosplane.testsupport.Await;
import io.chaosplane.testsupport.JarProcess;
import io.chaosplane.testsupport.browser.HeadlessChromium;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A fault's log followed live through the control plane, with the packaged control plane, log service and a real
 * agent: lines reach the run page's pane while the fault runs (the time from the agent writing a line to the pane
 * showing it is printed), and a run paused, resumed and then aborted keeps every line of both attempts in one stream.
 */
class LiveLogsEndToEndIT {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String BROWSER_PASSWORD = "end-to-end-password";

    final ControlPlaneProcess controlPlane = ControlPlaneProcess.shared();
    final int port = controlPlane.port();

    @TempDir
    Path dir;

    Api admin;
    String account;
    String adminKey;
    JarProcess agent;
    String infraId;
    ProbeTarget app;

    @BeforeEach
    void installAgent() throws Exception {
        app = ProbeTarget.start();
        account = "e2e_logs_" + System.nanoTime();
        adminKey = controlPlane.newTenantAdminKey(account);
        admin = new Api(port).withKey(adminKey);
        AgentProcess.Installed installed = AgentProcess.install(admin, "http://localhost:" + port, dir, "e2e_logs");
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

    /** A CPU fault with a probe that writes a log line every second while the fault is in force. */
    private String experiment(String name, String duration) {
        return """
                {"apiVersion":"chaos.chaosplane.io/v1alpha1","kind":"ChaosExperiment",
                 "metadata":{"name":"%s","namespace":"e2e"},
                 "spec":{"target":{"kind":"Linux","infrastructure":"%s"},
                         "action":{"type":"linux-cpu-stress","parameters":{"Load":"20","Workers":"1"}},
                         "duration":"%s",
                         "probes":[{"name":"app-up","type":"httpProbe","mode":"Continuous",
                                    "httpProbe/inputs":{"url":"http://127.0.0.1:%d/healthy","responseTimeout":1000,
                                                        "method":{"get":{"criteria":"==","responseCode":"200"}}},
                                    "runProperties":{"probeTimeout":"2s","interval":"1s","attempt":1}}]}}""".formatted(name, infraId, duration, app.port());
    }

    /** Starts the experiment and waits until its fault runs; answers the run. */
    private JsonNode startRunning(String name, String duration) {
        var created = admin.postRaw("/api/v1/experiments", experiment(name, duration), "application/json");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return await(
                "the fault runs",
                () -> admin.get("/api/v1/experiments/e2e/" + name).json().get("status"),
                status -> status.has("runId")
                        && "Running".equals(fault(status).get("phase").asString()));
    }

    private static JsonNode fault(JsonNode run) {
        return run.get("steps").get(0).get("faults").get(0);
    }

    @Test
    void aPausedAndResumedFaultKeepsEveryLineAndTheAbortAfterTheResumeIsLoggedToo() throws Exception {
        JsonNode run = startRunning("pause-logs", "60s");
        String runId = run.get("runId").asString();
        String stream = fault(run).get("streamID").asString();
        String logs = "/api/v1/runs/" + runId + "/logs?streamID=" + stream + "&limit=5000";
        await("the probe writes lines", () -> admin.get(logs).json(), lines -> lines.size() > 4);

        assertThat(admin.post("/api/v1/runs/" + runId + "/pause", null).status())
                .isEqualTo(200);
        await("the burner is gone", () -> agent.children().size(), count -> count == 0);
        await("the pause is logged as a pause", () -> admin.get(logs).text(), text -> text.contains("was paused"));
        Api.Response duringPause = admin.get(logs);
        assertThat(duringPause.header("X-Stream-Closed"))
                .as("a pause leaves the stream open")
                .isEqualTo("false");
        assertThat(duringPause.text()).doesNotContain("aborted");

        assertThat(admin.post("/api/v1/runs/" + runId + "/resume", null).status())
                .isEqualTo(200);
        await("a burner runs again", () -> agent.children().size(), count -> count > 0);
        try (SseTail tail = SseTail.open(port, adminKey, runId, stream, 0)) {
            // followed live across the pause: lines the resumed attempt writes arrive in the same tail
            boolean resumedLineSeen = false;
            int linesAfterResume = 0;
            while (linesAfterResume < 3) {
                SseTail.Event event = tail.next(Duration.ofSeconds(15));
                assertThat(event).as("lines after the resume").isNotNull();
                assertThat(event.name()).isEqualTo("line");
                String out = event.json().get("out").asString();
                if (out.contains("Resumed after a pause")) {
                    resumedLineSeen = true;
                } else if (resumedLineSeen) {
                    linesAfterResume++;
                }
            }
        }

        assertThat(admin.post("/api/v1/runs/" + runId + "/abort", null).status())
                .isEqualTo(200);
        await(
                "the run is aborted",
                () -> admin.get("/api/v1/runs/" + runId).json(),
                aborted -> "Aborted".equals(aborted.get("phase").asString()));
        Api.Response closed = await(
                "the agent closes the stream after its last line",
                () -> admin.get(logs),
                page -> "true".equals(page.header("X-Stream-Closed")));
        JsonNode lines = closed.json();
        List<String> outs = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            assertThat(lines.get(i).get("pos").asLong())
                    .as("one stream, every line numbered on")
                    .isEqualTo(i);
            outs.add(lines.get(i).get("out").asString());
        }
        int paused = indexOf(outs, "The run was paused");
        int resumed = indexOf(outs, "Resumed after a pause");
        int aborted = indexOf(outs, "The task was aborted");
        assertThat(paused).as(String.join("\n", outs)).isNotNegative();
        assertThat(resumed).as(String.join("\n", outs)).isGreaterThan(paused);
        assertThat(aborted).as(String.join("\n", outs)).isGreaterThan(resumed);
        assertThat(outs.subList(resumed, outs.size()))
                .as("the resumed attempt's probe lines")
                .anyMatch(out -> out.contains("passed"));

        try (SseTail tail = SseTail.open(port, adminKey, runId, stream, 0)) {
            int sent = 0;
            for (SseTail.Event event = tail.next(Duration.ofSeconds(10));
                    event != null && event.name().equals("line");
                    event = tail.next(Duration.ofSeconds(10))) {
                sent++;
            }
            assertThat(sent).as("the tail replays every line, then ends").isEqualTo(lines.size());
            assertThat(tail.lastEventName()).isEqualTo("end");
        }
    }

    @Test
    void theRunPageShowsLinesWhileTheFaultRunsAndEveryLineAcrossAPauseAResumeAndAnAbort() throws Exception {
        String email = "logs-" + System.nanoTime() + "@example.com";
        controlPlane.join(account, email, "admin", BROWSER_PASSWORD);
        JsonNode run = startRunning("pane-logs", "60s");
        String runId = run.get("runId").asString();
        try (HeadlessChromium browser = HeadlessChromium.open(port)) {
            browser.signIn(email, BROWSER_PASSWORD);
            browser.go("/runs/" + runId);
            browser.await("#log-lines li");
            // from now on, each line added to the pane is timed against the instant the agent wrote it
            browser.script("""
                    window.arrivals = [];
                    const since = Date.now();
                    new MutationObserver((changes) => changes.forEach((change) => change.addedNodes.forEach((node) => {
                      const written = Date.parse((node.dataset.written || "").replace(/(\\.\\d{3})\\d+/, "$1"));
                      if (written > since) window.arrivals.push(Date.now() - written);
                    }))).observe(document.getElementById("log-lines"), {childList: true});""");
            List<Long> latencies = browser.waitUntil(PATIENCE, d -> {
                List<?> arrivals = (List<?>) browser.script("return window.arrivals");
                return arrivals.size() >= 6
                        ? arrivals.stream().map(a -> ((Number) a).longValue()).toList()
                        : null;
            });
            assertThat(browser.text("#live h1 .badge"))
                    .as("lines shown while the fault runs")
                    .isEqualTo("Running");
            List<Long> sorted = latencies.stream().sorted().toList();
            System.out.printf(
                    "live log pane: %d lines written by the agent were shown in the run page after p50 %d ms,"
                            + " max %d ms (all: %s)%n",
                    sorted.size(), sorted.get(sorted.size() / 2), sorted.getLast(), latencies);
            assertThat(sorted.get(sorted.size() / 2)).as("median to the pane").isLessThan(2000);

            assertThat(admin.post("/api/v1/runs/" + runId + "/pause", null).status())
                    .isEqualTo(200);
            browser.waitUntil(PATIENCE, d -> browser.text("#log-lines").contains("The run was paused"));
            assertThat(admin.post("/api/v1/runs/" + runId + "/resume", null).status())
                    .isEqualTo(200);
            browser.waitUntil(PATIENCE, d -> browser.text("#log-lines").contains("Resumed after a pause"));
            assertThat(admin.post("/api/v1/runs/" + runId + "/abort", null).status())
                    .isEqualTo(200);
            browser.waitUntil(PATIENCE, d -> browser.text("#log-state").startsWith("The log is complete"));
            String pane = browser.text("#log-lines");
            assertThat(pane.indexOf("The run was paused")).isLessThan(pane.indexOf("Resumed after a pause"));
            assertThat(pane.indexOf("Resumed after a pause")).isLessThan(pane.indexOf("The task was aborted"));
            List<?> positions = (List<?>) browser.script(
                    "return [...document.querySelectorAll('#log-lines li')].map((li) => Number(li.dataset.pos))");
            for (int i = 0; i < positions.size(); i++) {
                assertThat(((Number) positions.get(i)).longValue())
                        .as("every line once, in order")
                        .isEqualTo(i);
            }
            assertThat(browser.seriousViolations()).isEmpty();
        }
    }

    private static int indexOf(List<String> outs, String part) {
        for (int i = 0; i < outs.size(); i++) {
            if (outs.get(i).contains(part)) {
                return i;
            }
        }
        return -1;
    }

    private static <T> T await(String what, Supplier<T> probe, Predicate<T> done) {
        return Await.until(what, PATIENCE, probe, done);
    }
}
