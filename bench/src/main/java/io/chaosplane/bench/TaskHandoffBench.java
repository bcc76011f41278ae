package io.chaosplane.bench;

import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Time from {@code POST .../run} to the task arriving at an agent waiting in a long poll, over many runs; against
 * the round trip of a request that does nothing ({@code GET /healthz}) on the same server in the same run. With two
 * replicas on one database, runs are also created on the first while the agent waits on the second, back to back for
 * the same infrastructure, so that every wake-up after the first crosses through a merged NOTIFY.
 */
final class TaskHandoffBench {

    static void run(int runs, int replicas) throws Exception {
        if (replicas < 1 || replicas > 2) {
            throw new IllegalArgumentException("replicas: 1 or 2, was " + replicas);
        }
        try (BenchControlPlane controlPlane = BenchControlPlane.start();
                BenchControlPlane second = replicas == 2 ? BenchControlPlane.start() : null;
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

            Stats oneReplica = handoffs(http, http, agent, "Bearer " + key, runs, threads);
            System.out.println("task hand-off, POST run -> waiting agent: " + oneReplica);
            Stats acrossReplicas = null;
            if (second != null) {
                double[] before = wakeups(http);
                acrossReplicas = handoffs(http, new Http(second.baseUrl()), agent, "Bearer " + key, runs, threads);
                double[] after = wakeups(http);
                System.out.println("across replicas, run on 1 -> agent on 2: " + acrossReplicas);
                System.out.printf(
                        "replica 1's wake-ups meanwhile: %.0f NOTIFYs sent at once or at a window's end, %.0f changes"
                                + " merged into them%n",
                        after[0] - before[0], after[1] - before[1]);
            }
            long[] baseline = new long[runs];
            for (int i = -Math.min(200, runs); i < runs; i++) {
                long start = System.nanoTime();
                http.send("GET", "/healthz", null);
                if (i >= 0) {
                    baseline[i] = System.nanoTime() - start;
                }
            }
            Stats noop = Stats.ofNanos(baseline);
            System.out.println("baseline GET /healthz round trip:        " + noop);
            System.out.printf(
                    "ratio p99 hand-off / p99 baseline: %.1fx (aim: p99 hand-off < 50 ms)%n",
                    oneReplica.p99() / noop.p99());
            if (acrossReplicas != null) {
                System.out.printf(
                        "ratio p99 across replicas / p99 baseline: %.1fx (aim: p99 < 50 ms)%n",
                        acrossReplicas.p99() / noop.p99());
            }
        }
    }

    /** Runs created through {@code creating} back to back, each taken by the agent waiting on {@code polling}. */
    private static Stats handoffs(
            Http creating, Http polling, String[] agent, String authorization, int runs, ExecutorService threads)
            throws Exception {
        int warmup = Math.min(200, runs);
        long[] handoffs = new long[runs];
        for (int i = -warmup; i < runs; i++) {
            CompletableFuture<JsonNode> waiting = CompletableFuture.supplyAsync(
                    () -> polling.json("GET", "/chaos/lserver/api/infra/task?waitSeconds=20", null, agent), threads);
            Thread.sleep(3); // the poll is waiting by now
            long start = System.nanoTime();
            HttpResponse<String> started = creating.send(
                    "POST", "/api/v1/experiments/default/handoff/run", null, "Authorization", authorization);
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
            finish(polling, agent, tasks);
        }
        return Stats.ofNanos(handoffs);
    }

    /** The replica's wake-ups sent and merged so far, from its Prometheus metrics. */
    private static double[] wakeups(Http http) {
        String scrape = http.send("GET", "/actuator/prometheus", null).body();
        return new double[] {
            sample(scrape, "chaosplane_dispatch_wakeups_sent_total"),
            sample(scrape, "chaosplane_dispatch_wakeups_merged_total")
        };
    }

    private static double sample(String scrape, String name) {
        Matcher matcher =
                Pattern.compile("(?m)^" + name + "(?:\\{[^}]*})? ([0-9.eE+]+)$").matcher(scrape);
        if (!matcher.find()) {
            throw new IllegalStateException("no " + name + " in the scrape");
        }
        return Double.parseDouble(matcher.group(1));
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
