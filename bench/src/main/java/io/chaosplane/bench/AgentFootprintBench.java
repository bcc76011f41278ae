package io.chaosplane.bench;

import io.chaosplane.testsupport.JarProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * The packaged Linux agent with the systemd unit's JVM flags, against a control plane on a fresh database: time to its
 * start line and to "agent running" (confirmed, beating and polling), against a JVM with the same flags that only
 * prints its version, started the same way in the same run; its resident memory idle and while it runs a CPU fault.
 */
final class AgentFootprintBench {

    /** As in deploy/systemd/chaosplane-agent-linux.service, less the class-data archive (its file is per host). */
    static final List<String> UNIT_JVM =
            List.of("-XX:+UseSerialGC", "-Xss512k", "-XX:TieredStopAtLevel=1", "-Xms16m", "-Xmx64m");

    static void run(int starts) throws Exception {
        Path jar = JarProcess.jar("agent-linux.jar");
        try (BenchControlPlane controlPlane = BenchControlPlane.start()) {
            Http http = new Http(controlPlane.baseUrl());
            String admin = Http.basic(BenchControlPlane.ADMIN, BenchControlPlane.PASSWORD);
            List<Long> baseline = new ArrayList<>();
            List<Long> startLine = new ArrayList<>();
            List<Long> running = new ArrayList<>();
            for (int i = 0; i < starts; i++) {
                baseline.add(Footprint.javaVersionMillis(UNIT_JVM));
                JsonNode infra = http.json(
                        "POST",
                        "/api/v1/infrastructures",
                        "{\"identifier\":\"agent_footprint_" + i + "\",\"name\":\"footprint\"}",
                        "Authorization",
                        admin);
                String infraId = infra.get("infrastructure").get("id").asString();
                List<String> command = new ArrayList<>(List.of(Footprint.java()));
                command.addAll(UNIT_JVM);
                command.addAll(List.of(
                        "-jar",
                        jar.toString(),
                        "--server.url=" + controlPlane.baseUrl(),
                        "--infra.id=" + infraId,
                        "--install.token=" + infra.get("installToken").asString(),
                        "--state.dir=" + Files.createTempDirectory("agent-state"),
                        "--liveness.interval=1s",
                        "--poll.wait=1s"));
                ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
                builder.environment().keySet().removeIf(key -> key.startsWith("CHAOSPLANE_"));
                long started = System.nanoTime();
                Process agent = builder.start();
                try {
                    long[] millis = Footprint.awaitLines(agent, started, "", "agent running");
                    startLine.add(millis[0]);
                    running.add(millis[1]);
                    if (i == starts - 1) {
                        measureMemory(http, admin, infraId, agent);
                    }
                } finally {
                    agent.destroy();
                    agent.waitFor(10, TimeUnit.SECONDS);
                }
            }
            long base = Footprint.median(baseline);
            System.out.printf("%nagent start-up, median of %d starts, JVM flags %s%n", starts, UNIT_JVM);
            System.out.printf("  JVM printing its version (baseline)  %5d ms%n", base);
            System.out.printf(
                    "  agent start line                     %5d ms  (%.1fx baseline)%n",
                    Footprint.median(startLine), (double) Footprint.median(startLine) / base);
            System.out.printf(
                    "  agent confirmed, beating and polling %5d ms  (%.1fx baseline)%n",
                    Footprint.median(running), (double) Footprint.median(running) / base);
        }
    }

    private static void measureMemory(Http http, String admin, String infraId, Process agent) throws Exception {
        Thread.sleep(3000);
        long idle = Footprint.residentKb(agent.pid());
        List<String> idleListening = Footprint.listening(agent.pid());
        http.json("POST", "/api/v1/experiments", """
                {"apiVersion":"chaos.chaosplane.io/v1alpha1","kind":"ChaosExperiment",
                 "metadata":{"name":"footprint-cpu","namespace":"bench"},
                 "spec":{"target":{"kind":"Linux","infrastructure":"%s"},
                         "action":{"type":"linux-cpu-stress","parameters":{"Load":"100","Workers":"1"}},
                         "duration":"4s"}}""".formatted(infraId), "Authorization", admin);
        ProcessHandle stressor = await(
                "the stressor runs",
                Duration.ofSeconds(15),
                () -> agent.descendants()
                        .filter(child -> child.info()
                                .arguments()
                                .map(List::of)
                                .map(args -> args.contains("cpu"))
                                .orElse(false))
                        .findFirst());
        Thread.sleep(2000);
        long busy = Footprint.residentKb(agent.pid());
        long stressorRss = Footprint.residentKb(stressor.pid());
        String verdict = await("the run ends", Duration.ofSeconds(30), () -> {
            JsonNode experiment =
                    http.json("GET", "/api/v1/experiments/bench/footprint-cpu", null, "Authorization", admin);
            JsonNode status = experiment.get("status");
            return status.get("phase").asString().matches("Completed|Failed|Aborted")
                    ? Optional.of(status.get("steps")
                            .get(0)
                            .get("faults")
                            .get(0)
                            .get("verdict")
                            .asString())
                    : Optional.empty();
        });
        System.out.printf("%nagent resident memory (VmRSS)%n");
        System.out.printf("  idle, 3 s after start                %5d MiB%n", idle >> 10);
        System.out.printf(
                "  running a CPU fault (agent)          %5d MiB  (the fault's verdict: %s)%n", busy >> 10, verdict);
        System.out.printf("  the fault's stressor process         %5d MiB%n", stressorRss >> 10);
        System.out.printf(
                "  sockets it listens on while idle     %s (the API proxy and DNS responder start with their fault)%n",
                idleListening.isEmpty() ? "none" : idleListening);
        if (isRoot()) {
            measureApiFault(http, admin, infraId, agent);
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /**
     * The agent's memory while it runs an API fault (its proxy in the agent's JVM) against an HTTP server of the
     * bench's own on loopback, and the sockets it listens on during and after it.
     */
    private static void measureApiFault(Http http, String admin, String infraId, Process agent) throws Exception {
        var server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(200, 2);
            exchange.getResponseBody().write("ok".getBytes());
            exchange.close();
        });
        server.start();
        try {
            http.json(
                    "POST",
                    "/api/v1/experiments",
                    """
                    {"apiVersion":"chaos.chaosplane.io/v1alpha1","kind":"ChaosExperiment",
                     "metadata":{"name":"footprint-api","namespace":"bench"},
                     "spec":{"target":{"kind":"Linux","infrastructure":"%s"},
                             "action":{"type":"linux-api-latency","parameters":{"TargetPort":"%d","Latency":"50"}},
                             "duration":"6s"}}""".formatted(infraId, server.getAddress().getPort()),
                    "Authorization",
                    admin);
            List<String> during = await("the API proxy listens", Duration.ofSeconds(15), () -> {
                try {
                    List<String> sockets = Footprint.listening(agent.pid());
                    return sockets.isEmpty() ? Optional.empty() : Optional.of(sockets);
                } catch (Exception e) {
                    return Optional.empty();
                }
            });
            Thread.sleep(2000);
            long busy = Footprint.residentKb(agent.pid());
            await("the API run ends", Duration.ofSeconds(30), () -> {
                JsonNode status = http.json(
                                "GET", "/api/v1/experiments/bench/footprint-api", null, "Authorization", admin)
                        .get("status");
                return status.get("phase").asString().matches("Completed|Failed|Aborted")
                        ? Optional.of(true)
                        : Optional.empty();
            });
            Thread.sleep(1000);
            System.out.printf(
                    "  running an API fault (proxy inside)  %5d MiB  (listening %s during, %s after)%n",
                    busy >> 10,
                    during,
                    Footprint.listening(agent.pid()).isEmpty() ? "nothing" : Footprint.listening(agent.pid()));
        } finally {
            server.stop(0);
        }
    }

    private static <T> T await(String what, Duration patience, java.util.function.Supplier<Optional<T>> probe)
            throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<T> value = probe.get();
            if (value.isPresent()) {
                return value.get();
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("not within " + patience + ": " + what);
    }
}
