package io.chaosplane.bench;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;

/**
 * Halt latency: from {@code POST /api/v1/halts} (account scope) to the last fault reported reverted, with
 * {@code faults} running faults spread over {@code agents} simulated agents that long-poll two control-plane replicas
 * on one database (agent i on replica i % 2, the halt posted on replica 1); p50/p99 over {@code halts} halts. Against
 * a plain revert measured in the same run: every run aborted at once ({@code POST .../abort} per run, in parallel),
 * to the last fault reported reverted. A simulated agent does what agent-linux does with the answers: it reports a
 * task Running when handed out, reports it Stopped when its poll names it in {@code abortTaskNames} or names a halt
 * (reverting in a simulated agent costs nothing, so the figures are the control plane's and the protocol's), and
 * refuses tasks while a halt is in force.
 */
final class HaltLatencyBench {

    private static final String BASE = "/chaos/lserver/api/infra";
    private static final String STOPPED =
            "{\"result\":{\"taskStatus\":\"Stopped\",\"verdict\":\"Stopped\",\"probeSuccessPercentage\":\"0\"}}";

    static void run(int agents, int faults, int halts) throws Exception {
        if (agents < 1 || faults < agents || halts < 1) {
            throw new IllegalArgumentException("agents >= 1, faults >= agents, halts >= 1");
        }
        try (BenchControlPlane first = BenchControlPlane.start();
                BenchControlPlane second = BenchControlPlane.start();
                ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Http one = new Http(first.baseUrl());
            Http two = new Http(second.baseUrl());
            String admin = Http.basic(BenchControlPlane.ADMIN, BenchControlPlane.PASSWORD);
            String key = one.json(
                            "POST",
                            "/api/v1/apikeys",
                            "{\"name\":\"bench-halt\",\"role\":\"admin\"}",
                            "Authorization",
                            admin)
                    .get("key")
                    .asString();
            String bearer = "Bearer " + key;
            AtomicInteger reverted = new AtomicInteger();
            List<SimulatedAgent> fleet = new ArrayList<>();
            List<String> experiments = new ArrayList<>();
            for (int a = 0; a < agents; a++) {
                SimulatedAgent agent = SimulatedAgent.install(one, a % 2 == 0 ? one : two, admin, "halt_bench_" + a);
                agent.reverted = reverted;
                fleet.add(agent);
            }
            for (int f = 0; f < faults; f++) {
                SimulatedAgent agent = fleet.get(f % agents);
                String name = "halt-bench-" + f;
                experiments.add(name);
                one.json("POST", "/api/v1/experiments", """
                        {"apiVersion":"chaos.chaosplane.io/v1alpha1","kind":"ChaosExperiment","metadata":{"name":"%s"},
                         "spec":{"target":{"infrastructure":"%s"},"action":{"type":"linux-cpu-stress"},"duration":"10m"}}""".formatted(name, agent.infraId), "Authorization", bearer);
            }
            List<Future<?>> loops = new ArrayList<>();
            fleet.forEach(agent -> loops.add(threads.submit(agent::loop)));
            try {
                awaitHeld(fleet, faults); // the runs that creating the experiments started
                long[] haltTimes = new long[halts];
                long[] abortTimes = new long[halts];
                for (int round = 0; round < halts; round++) {
                    // a halt
                    reverted.set(0);
                    long start = System.nanoTime();
                    JsonNode halt = one.json(
                            "POST",
                            "/api/v1/halts",
                            "{\"scope\":\"account\",\"reason\":\"bench halt " + round + "\"}",
                            "Authorization",
                            bearer);
                    awaitReverted(reverted, faults, "halt " + round);
                    haltTimes[round] = System.nanoTime() - start;
                    if (halt.get("faultsReverting").asInt() != faults) {
                        throw new IllegalStateException("the halt reverts " + halt.get("faultsReverting") + " faults");
                    }
                    one.json("DELETE", "/api/v1/halts/" + halt.get("id").asString(), null, "Authorization", bearer);
                    startAll(one, bearer, experiments, threads);
                    awaitHeld(fleet, faults);

                    // the baseline: every run aborted at once
                    reverted.set(0);
                    start = System.nanoTime();
                    List<Future<HttpResponse<String>>> aborts = new ArrayList<>();
                    for (String name : experiments) {
                        aborts.add(threads.submit(() -> one.send(
                                "POST",
                                "/api/v1/experiments/default/" + name + "/abort",
                                null,
                                "Authorization",
                                bearer)));
                    }
                    for (Future<HttpResponse<String>> abort : aborts) {
                        if (abort.get().statusCode() != 200) {
                            throw new IllegalStateException(
                                    "abort answered " + abort.get().statusCode());
                        }
                    }
                    awaitReverted(reverted, faults, "abort " + round);
                    abortTimes[round] = System.nanoTime() - start;
                    awaitFinished(one, bearer, experiments);
                    startAll(one, bearer, experiments, threads);
                    awaitHeld(fleet, faults);
                }
                Stats haltStats = Stats.ofNanos(haltTimes);
                Stats abortStats = Stats.ofNanos(abortTimes);
                System.out.printf(
                        "halt, POST /api/v1/halts -> %d faults on %d agents reported reverted (2 replicas): %s%n",
                        faults, agents, haltStats);
                System.out.printf("baseline, every run aborted at once -> same faults reverted:      %s%n", abortStats);
                System.out.printf(
                        "ratio p50 halt / p50 abort: %.2fx, p99 halt / p99 abort: %.2fx (aim: p99 halt < 2 s)%n",
                        haltStats.p50() / abortStats.p50(), haltStats.p99() / abortStats.p99());
            } finally {
                fleet.forEach(SimulatedAgent::stop);
                for (Future<?> loop : loops) {
                    loop.cancel(true);
                }
            }
        }
    }

    private static void startAll(Http http, String bearer, List<String> experiments, ExecutorService threads)
            throws Exception {
        List<Future<HttpResponse<String>>> started = new ArrayList<>();
        for (String name : experiments) {
            started.add(threads.submit(() -> {
                // a run just stopped may still be finishing its bookkeeping: try again for a while
                HttpResponse<String> response = null;
                for (int attempt = 0; attempt < 100; attempt++) {
                    response = http.send(
                            "POST", "/api/v1/experiments/default/" + name + "/run", null, "Authorization", bearer);
                    if (response.statusCode() == 201) {
                        break;
                    }
                    Thread.sleep(50);
                }
                return response;
            }));
        }
        for (Future<HttpResponse<String>> response : started) {
            if (response.get().statusCode() != 201) {
                throw new IllegalStateException("run answered " + response.get().statusCode() + ": "
                        + response.get().body());
            }
        }
    }

    private static void awaitFinished(Http http, String bearer, List<String> experiments) throws InterruptedException {
        for (String name : experiments) {
            for (int attempt = 0; ; attempt++) {
                JsonNode experiment =
                        http.json("GET", "/api/v1/experiments/default/" + name, null, "Authorization", bearer);
                String phase = experiment.path("status").path("phase").asString();
                if (Set.of("Completed", "Failed", "Aborted", "Stopped", "Error").contains(phase)) {
                    break;
                }
                if (attempt > 600) {
                    throw new IllegalStateException(name + " still " + phase);
                }
                Thread.sleep(50);
            }
        }
    }

    private static void awaitHeld(List<SimulatedAgent> fleet, int faults) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (fleet.stream().mapToInt(agent -> agent.held.size()).sum() < faults) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the agents hold "
                        + fleet.stream().mapToInt(agent -> agent.held.size()).sum() + " of " + faults + " faults");
            }
            Thread.sleep(5);
        }
    }

    private static void awaitReverted(AtomicInteger reverted, int faults, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (reverted.get() < faults) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(what + ": " + reverted.get() + " of " + faults + " reverted");
            }
            Thread.onSpinWait();
            Thread.sleep(0, 200_000);
        }
    }

    /** An agent of the fleet: long-polls its replica and answers as agent-linux does, without touching the host. */
    private static final class SimulatedAgent {

        final String infraId;
        final Http http;
        final String[] headers;
        final Map<String, String> held = new ConcurrentHashMap<>();
        volatile AtomicInteger reverted;
        volatile boolean stopped;

        private SimulatedAgent(String infraId, Http http, String accessKey) {
            this.infraId = infraId;
            this.http = http;
            this.headers = new String[] {"X-Infra-ID", infraId, "X-Access-Key", accessKey};
        }

        static SimulatedAgent install(Http creating, Http polling, String admin, String identifier) {
            JsonNode infra = creating.json(
                    "POST",
                    "/api/v1/infrastructures",
                    "{\"identifier\":\"" + identifier + "\",\"name\":\"" + identifier.replace('_', '-') + "\"}",
                    "Authorization",
                    admin);
            String infraId = infra.get("infrastructure").get("id").asString();
            JsonNode confirmed = polling.json(
                    "POST",
                    BASE + "/confirm",
                    "{\"hostname\":\"" + identifier + "\",\"version\":\"bench\"}",
                    "X-Infra-ID",
                    infraId,
                    "X-Access-Key",
                    infra.get("installToken").asString());
            return new SimulatedAgent(
                    infraId, polling, confirmed.get("newAccessKey").asString());
        }

        void loop() {
            long lastBeat = 0;
            while (!stopped && !Thread.currentThread().isInterrupted()) {
                try {
                    if (System.nanoTime() - lastBeat > TimeUnit.SECONDS.toNanos(10)) {
                        http.send("POST", BASE + "/liveness", "{}", headers);
                        lastBeat = System.nanoTime();
                    }
                    JsonNode answer = http.json("GET", BASE + "/task?waitSeconds=5&limit=10", null, headers);
                    boolean halted = !answer.path("halts").isEmpty();
                    if (halted) {
                        List.copyOf(held.keySet()).forEach(this::revert);
                    }
                    answer.path("abortTaskNames").forEach(name -> {
                        if (held.containsKey(name.asString())) {
                            revert(name.asString());
                        }
                    });
                    for (JsonNode task : answer.path("taskList")) {
                        String name = task.get("taskName").asString();
                        String lceUid = task.path("lceUID").asString();
                        if (halted) {
                            http.send("POST", BASE + "/task/result/" + name, STOPPED, headers);
                            continue; // refused: a halt is in force
                        }
                        held.put(name, lceUid);
                        http.send(
                                "POST",
                                BASE + "/task/status/" + name,
                                "{\"taskStatus\":\"Running\",\"lceUID\":\"" + lceUid + "\"}",
                                headers);
                    }
                } catch (RuntimeException e) {
                    if (!stopped) {
                        System.err.println(infraId + ": " + e.getMessage());
                    }
                }
            }
        }

        private void revert(String taskName) {
            if (held.remove(taskName) != null) {
                HttpResponse<String> answer = http.send("POST", BASE + "/task/result/" + taskName, STOPPED, headers);
                if (answer.statusCode() < 300) {
                    reverted.incrementAndGet();
                } else {
                    System.err.println(taskName + ": result answered " + answer.statusCode() + " " + answer.body());
                }
            }
        }

        void stop() {
            stopped = true;
        }
    }
}
