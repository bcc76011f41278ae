package io.chaosplane.bench;

import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import tools.jackson.databind.JsonNode;

/**
 * Time from {@code POST .../run} to the task arriving at an agent waiting in a long poll, over many runs; against
 * the round trip of a request that does nothing ({@code GET /healthz}) on the same server in the same run.
 */
final class TaskHandoffBench {

    static void run(int runs) throws Exception {
        try (BenchControlPlane controlPlane = BenchControlPlane.start();
                var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Http http = new Http(controlPlane.baseUrl());
            String admin = Http.basic(BenchControlPlane.ADMIN, BenchControlPlane.PASSWORD);
            JsonNode infra = http.json(
                    "POST",
                    "/api/v1/infrastructures",
                    "{\"identifier\":\"bench_host\",\"name\":\"bench-host\"}",
                    "Authorization",
                    admin);
            String infraId = infra.get("infrastructure").get("id").asString();
            JsonNode confirmed = http.json(
                    "POST",
                    "/chaos/lserver/api/infra/confirm",
                    "{\"hostname\":\"bench\",\"version\":\"bench\"}",
                    "X-Infra-ID",
                    infraId,
                    "X-Access-Key",
                    infra.get("installToken").asString());
            String[] agent = {
                "X-Infra-ID",
                infraId,
                "X-Access-Key",
                confirmed.get("newAccessKey").asString()
            };
            // An API key, so that each run costs what a CI job's call costs (HTTP Basic would add a password hash)
            String key = http.json(
                            "POST",
                            "/api/v1/apikeys",
                            "{\"name\":\"bench\",\"role\":\"operator\"}",
                            "Authorization",
                            admin)
                    .get("key")
                    .asString();
            http.json("POST", "/api/v1/experiments", """
                    {"apiVersion":"chaos.chaosplane.io/v1alpha1","kind":"ChaosExperiment","metadata":{"name":"handoff"},
                     "spec":{"target":{"infrastructure":"%s"},"action":{"type":"linux-cpu-stress"},"duration":"30s"}}""".formatted(infraId), "Authorization", admin);
            finish(http, agent, http.json("GET", "/chaos/lserver/api/infra/task?waitSeconds=5", null, agent));

            int warmup = Math.min(200, runs);
            long[] handoffs = new long[runs];
            for (int i = -warmup; i < runs; i++) {
                CompletableFuture<JsonNode> waiting = CompletableFuture.supplyAsync(
                        () -> http.json("GET", "/chaos/lserver/api/infra/task?waitSeconds=20", null, agent), threads);
                Thread.sleep(3); // the poll is waiting by now
                long start = System.nanoTime();
                HttpResponse<String> started = http.send(
                        "POST", "/api/v1/experiments/default/handoff/run", null, "Authorization", "Bearer " + key);
                if (started.statusCode() != 201) {
                    throw new IllegalStateException("run answered " + started.statusCode() + ": " + started.body());
                }
                JsonNode tasks = waiting.get();
                long elapsed = System.nanoTime() - start;
                if (tasks.get("taskList").isEmpty()) {
                    throw new IllegalStateException("the poll came back empty");
                }
                if (i >= 0) {
                    handoffs[i] = elapsed;
                }
                finish(http, agent, tasks);
            }
            long[] baseline = new long[runs];
            for (int i = -warmup; i < runs; i++) {
                long start = System.nanoTime();
                http.send("GET", "/healthz", null);
                if (i >= 0) {
                    baseline[i] = System.nanoTime() - start;
                }
            }
            Stats handoff = Stats.ofNanos(handoffs);
            Stats noop = Stats.ofNanos(baseline);
            System.out.println("task hand-off, POST run -> waiting agent: " + handoff);
            System.out.println("baseline GET /healthz round trip:        " + noop);
            System.out.printf(
                    "ratio p99 hand-off / p99 baseline: %.1fx (aim: p99 hand-off < 50 ms)%n",
                    handoff.p99() / noop.p99());
        }
    }

    private static void finish(Http http, String[] agent, JsonNode tasks) {
        for (JsonNode task : tasks.get("taskList")) {
            http.json(
                    "POST",
                    "/chaos/lserver/api/infra/task/result/"
                            + task.get("taskName").asString(),
                    "{\"result\":{\"taskStatus\":\"Completed\",\"verdict\":\"Pass\",\"probeSuccessPercentage\":\"100\"}}",
                    agent);
        }
    }
}
