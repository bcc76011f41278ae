package io.chaosplane.bench;

import io.chaosplane.protocol.ProtocolJson;
import io.chaosplane.protocol.k8s.ExecutionData;
import io.chaosplane.protocol.k8s.TaskResponse;
import io.chaosplane.testsupport.PostgresTestDatabase;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;

/**
 * WORKFLOW_EVENT ingestion: many Kubernetes runs at once, each with a node tree of {@code tasks} task nodes under its
 * root, report every task Running and then Succeeded, each event the whole tree, with repeated and out-of-order events
 * mixed in; events/s accepted and applied to the runs (merged tree, fault rows, phase, score). Baseline, in the same
 * run: the same events' node rows written by a plain batched insert (JDBC batches, rewritten into multi-row
 * inserts) into a table of their own. At the end every run must be Completed with a score of 100.
 */
final class WorkflowEventBench {

    private static final int STEP_SIZE = 5;

    static void run(int runs, int tasks, int senders) throws Exception {
        try (BenchControlPlane controlPlane = BenchControlPlane.start("chaosplane.dispatch.max-poll-wait=1s");
                ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Http http = new Http(controlPlane.baseUrl());
            String admin = Http.basic(BenchControlPlane.ADMIN, BenchControlPlane.PASSWORD);
            JsonNode infra = http.json(
                    "POST",
                    "/api/v1/infrastructures",
                    "{\"identifier\":\"bench_cluster\",\"name\":\"bench-cluster\",\"type\":\"Kubernetes\"}",
                    "Authorization",
                    admin);
            String infraId = infra.get("infrastructure").get("id").asString();
            String accessKey = http.json(
                            "POST",
                            "/chaos/kserver/api/infra/confirm",
                            "{\"hostname\":\"bench\",\"version\":\"bench\"}",
                            "X-Infra-ID",
                            infraId,
                            "X-Access-Key",
                            infra.get("installToken").asString())
                    .get("newAccessKey")
                    .asString();
            String[] runner = {"X-Infra-ID", infraId, "X-Access-Key", accessKey};

            long creating = System.nanoTime();
            List<String[]> ids = new ArrayList<>();
            try (ExecutorService creators = Executors.newFixedThreadPool(senders)) {
                List<Future<String[]>> created = new ArrayList<>();
                for (int r = 0; r < runs; r++) {
                    int number = r;
                    created.add(creators.submit(() -> createRun(http, admin, number, tasks)));
                }
                for (Future<String[]> future : created) {
                    ids.add(future.get());
                }
            }
            int claimed = 0;
            while (claimed < runs) {
                claimed += http.json("GET", "/chaos/kserver/api/infra/task?waitSeconds=1&limit=100", null, runner)
                        .get("taskList")
                        .size();
            }
            System.out.printf(
                    "%d runs of %d tasks created and handed to the runner in %.1f s%n",
                    runs, tasks, (System.nanoTime() - creating) / 1e9);

            List<List<String>> perRun = new ArrayList<>();
            Random random = new Random(42);
            int total = 0;
            for (String[] id : ids) {
                List<String> events = events(id[0], id[1], id[2], infraId, tasks, random);
                perRun.add(events);
                total += events.size();
            }
            ConcurrentLinkedQueue<List<String>> queue = new ConcurrentLinkedQueue<>(perRun);
            AtomicLong failures = new AtomicLong();
            long start = System.nanoTime();
            List<Future<?>> sending = new ArrayList<>();
            for (int s = 0; s < senders; s++) {
                sending.add(threads.submit(() -> {
                    for (List<String> events = queue.poll(); events != null; events = queue.poll()) {
                        for (String event : events) {
                            HttpResponse<String> answer = http.send(
                                    "POST",
                                    "/chaos/kserver/api/infra/v2/task/response/" + infraId,
                                    event,
                                    "X-Access-Key",
                                    accessKey);
                            if (answer.statusCode() != 200) {
                                failures.incrementAndGet();
                            }
                        }
                    }
                }));
            }
            for (Future<?> future : sending) {
                future.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double eventsPerSecond = total / seconds;

            long completed = 0;
            for (String[] id : ids) {
                JsonNode run = http.json("GET", "/api/v1/runs/" + id[1], null, "Authorization", admin);
                if ("Completed".equals(run.get("phase").asString())
                        && run.get("resiliencyScore").asDouble() == 100.0) {
                    completed++;
                }
            }
            double baseline = plainInserts(perRun, tasks);
            System.out.printf(
                    "WORKFLOW_EVENT ingestion: %d events (%d runs x %d-node trees, %d repeated or out of"
                            + " order) from %d senders in %.1f s: %.0f events/s, %d refused%n",
                    total,
                    runs,
                    tasks + 1,
                    total - runs * (2 * tasks + 1),
                    senders,
                    seconds,
                    eventsPerSecond,
                    failures.get());
            System.out.printf("runs Completed with score 100 afterwards: %d of %d%n", completed, runs);
            System.out.printf(
                    "baseline, plain batched insert of the same node rows: %.0f events/s (%.0f rows/s)%n",
                    baseline, baseline * (tasks + 1));
            System.out.printf("ratio ingestion / baseline: %.2f%n", eventsPerSecond / baseline);
        }
    }

    private static String[] createRun(Http http, String admin, int number, int tasks) {
        StringBuilder steps = new StringBuilder("[");
        for (int t = 0; t < tasks; t++) {
            steps.append(t % STEP_SIZE == 0 ? (t == 0 ? "[" : "],[") : ",")
                    .append("{\"name\":\"task-")
                    .append(t)
                    .append("\",\"target\":{\"kind\":\"Deployment\",")
                    .append("\"namespace\":\"shop\",\"names\":\"app-")
                    .append(t)
                    .append("\"},")
                    .append("\"action\":{\"type\":\"pod-delete\"},\"duration\":\"30s\"}");
        }
        steps.append("]]");
        JsonNode created =
                http.json("POST", "/api/v1/experiments", """
                {"apiVersion":"chaos.chaosplane.io/v1alpha1","kind":"ChaosExperiment",
                 "metadata":{"name":"bench-%d","namespace":"bench"},"spec":{"steps":%s}}""".formatted(number, steps), "Authorization", admin);
        return new String[] {
            created.get("metadata").get("uid").asString(),
            created.get("status").get("runId").asString(),
            "bench-" + number
        };
    }

    /**
     * A run's events as its runner would send them: each task Running then Succeeded, a step after the other; one
     * event in ten is sent again, and one in ten is held back and sent after the next.
     */
    private static List<String> events(
            String experimentId, String runId, String name, String infraId, int tasks, Random random) {
        List<String> inOrder = new ArrayList<>();
        String[] phases = new String[tasks];
        java.util.Arrays.fill(phases, "Pending");
        long clock = 1;
        inOrder.add(event(experimentId, runId, name, infraId, phases, clock++, false));
        for (int first = 0; first < tasks; first += STEP_SIZE) {
            for (int t = first; t < Math.min(tasks, first + STEP_SIZE); t++) {
                phases[t] = "Running";
                inOrder.add(event(experimentId, runId, name, infraId, phases, clock++, false));
            }
            for (int t = first; t < Math.min(tasks, first + STEP_SIZE); t++) {
                phases[t] = "Succeeded";
                inOrder.add(event(experimentId, runId, name, infraId, phases, clock++, t == tasks - 1));
            }
        }
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < inOrder.size(); i++) {
            double draw = random.nextDouble();
            if (draw < 0.1 && i + 1 < inOrder.size()) {
                sent.add(inOrder.get(i + 1));
                sent.add(inOrder.get(i));
                i++;
            } else {
                sent.add(inOrder.get(i));
                if (draw > 0.9) {
                    sent.add(inOrder.get(i));
                }
            }
        }
        return sent;
    }

    private static String event(
            String experimentId,
            String runId,
            String name,
            String infraId,
            String[] phases,
            long at,
            boolean completed) {
        Map<String, ExecutionData.Node> nodes = new LinkedHashMap<>();
        nodes.put(
                name,
                new ExecutionData.Node(
                        name, "Running", "", "1", "", List.of(name + "-task-0"), ExecutionData.STEPS, null));
        for (int t = 0; t < phases.length; t++) {
            boolean done = phases[t].equals("Succeeded");
            nodes.put(
                    name + "-task-" + t,
                    new ExecutionData.Node(
                            "task-" + t,
                            phases[t],
                            "",
                            Long.toString(at),
                            "",
                            null,
                            ExecutionData.K8S_TASK,
                            new ExecutionData.ChaosData(
                                    "bench",
                                    "pod-delete",
                                    phases[t],
                                    Long.toString(at),
                                    done ? "Pass" : "Awaited",
                                    done ? "100" : "",
                                    "",
                                    "",
                                    "",
                                    "",
                                    null)));
        }
        ExecutionData data = new ExecutionData(
                "events", "UPDATE", "bench", name, "1", completed ? "Succeeded" : "Running", "", "1", "", nodes, "");
        return ProtocolJson.mapper()
                .writeValueAsString(new TaskResponse(
                        TaskResponse.WORKFLOW_EVENT,
                        "SYNC",
                        infraId,
                        new TaskResponse.WorkflowEventArgs(
                                Boolean.toString(completed),
                                ProtocolJson.mapper().writeValueAsString(data),
                                infraId,
                                "",
                                "",
                                experimentId,
                                name,
                                runId)));
    }

    /** The same events' node rows, inserted in JDBC batches of one event's rows, as fast as PostgreSQL takes them. */
    private static double plainInserts(List<List<String>> perRun, int tasks) throws Exception {
        List<String> events = new ArrayList<>();
        perRun.forEach(events::addAll);
        Collections.shuffle(events, new Random(7));
        try (Connection connection = PostgresTestDatabase.get().connect()) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("""
                        CREATE TEMPORARY TABLE bench_nodes (run_id text, node text, phase text, verdict text,
                                                            percentage text, updated_at timestamptz)""");
            }
            connection.setAutoCommit(false);
            long start = System.nanoTime();
            try (PreparedStatement insert =
                    connection.prepareStatement("INSERT INTO bench_nodes VALUES (?, ?, ?, ?, ?, ?)")) {
                for (String text : events) {
                    TaskResponse event = ProtocolJson.mapper().readValue(text, TaskResponse.class);
                    ExecutionData data =
                            ProtocolJson.mapper().readValue(event.args().executionData(), ExecutionData.class);
                    Timestamp now = Timestamp.from(Instant.now());
                    for (Map.Entry<String, ExecutionData.Node> node :
                            data.nodes().entrySet()) {
                        insert.setString(1, event.args().workflowRunID());
                        insert.setString(2, node.getKey());
                        insert.setString(3, node.getValue().phase());
                        insert.setString(
                                4,
                                node.getValue().chaosData() == null
                                        ? null
                                        : node.getValue().chaosData().experimentVerdict());
                        insert.setString(
                                5,
                                node.getValue().chaosData() == null
                                        ? null
                                        : node.getValue().chaosData().probeSuccessPercentage());
                        insert.setTimestamp(6, now);
                        insert.addBatch();
                    }
                    insert.executeBatch();
                    connection.commit();
                }
            }
            return events.size() / ((System.nanoTime() - start) / 1e9);
        }
    }
}
