package io.chaosplane.bench;

import io.chaosplane.testsupport.PostgresTestDatabase;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import tools.jackson.databind.JsonNode;

/**
 * A discovery agent's cluster snapshot of {@code pods} pods (ten per Deployment, each Deployment with its ReplicaSet
 * and Service, spread over namespaces and nodes) ingested through {@code POST
 * /servicediscovery/api/v1/agents/{id}/data}: gzip'd, cut into batches as the agent cuts them (each body at most the
 * agent's default {@code max.batch.bytes}, 4 MiB of JSON, every list present), sent in order, the last one swapping the
 * snapshot in and rebuilding the topology. Baseline, in the same run and database: a plain {@code COPY} of the same
 * objects, one row each (kind, namespace, name, uid, the object as jsonb), into a table of their own (emptied
 * before each round). Each round sends a new snapshot of the same cluster, as the agent's next cron tick would.
 */
final class DiscoveryIngestBench {

    private static final int PODS_PER_WORKLOAD = 10;
    private static final int NAMESPACES = 20;
    private static final int NODES = 50;
    private static final int MAX_BATCH_BYTES = 4 * 1024 * 1024;
    private static final List<String> LISTS = List.of(
            "namespaceList",
            "nodeList",
            "serviceList",
            "podList",
            "replicaSetList",
            "replicationControllerList",
            "deploymentList",
            "statefulSetList",
            "daemonSetList",
            "jobList",
            "cronJobList");

    static void run(int pods, int rounds) throws Exception {
        int workloads = Math.max(1, pods / PODS_PER_WORKLOAD);
        Map<String, List<Map<String, Object>>> snapshot = snapshot(workloads);
        int objects = snapshot.values().stream().mapToInt(List::size).sum();

        try (BenchControlPlane controlPlane = BenchControlPlane.start()) {
            Http http = new Http(controlPlane.baseUrl());
            String admin = Http.basic(BenchControlPlane.ADMIN, BenchControlPlane.PASSWORD);
            String key = "Bearer "
                    + http.json(
                                    "POST",
                                    "/api/v1/apikeys?accountIdentifier=bench",
                                    "{\"name\":\"bench admin\",\"role\":\"admin\"}",
                                    "Authorization",
                                    admin)
                            .get("key")
                            .asString();
            http.json(
                    "POST",
                    "/api/v1/orgs/default/projects/default_project/environments",
                    "{\"identifier\":\"bench\",\"name\":\"Bench\",\"type\":\"PreProduction\"}",
                    "Authorization",
                    key);
            http.json(
                    "POST",
                    "/api/v1/infrastructures",
                    "{\"identifier\":\"bench_cluster\",\"name\":\"bench-cluster\",\"type\":\"Kubernetes\","
                            + "\"environmentIdentifier\":\"bench\"}",
                    "Authorization",
                    key);
            JsonNode created = http.json(
                    "POST",
                    "/servicediscovery/api/v1/agents?organizationIdentifier=default&projectIdentifier=default_project",
                    "{\"environmentIdentifier\":\"bench\",\"infraIdentifier\":\"bench_cluster\",\"name\":\"da-bench\"}",
                    "Authorization",
                    key);
            String agentId = created.get("id").asString();
            String token = http.json(
                            "POST",
                            "/servicediscovery/api/v1/agents/" + agentId + "/token",
                            null,
                            "Authorization",
                            "Token " + created.get("install").get("token").asString())
                    .get("token")
                    .asString();

            HttpClient client = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
            URI data = URI.create(controlPlane.baseUrl() + "/servicediscovery/api/v1/agents/" + agentId + "/data");
            PostgresTestDatabase database = PostgresTestDatabase.get();
            createBaselineTable(database);
            List<Double> ratios = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                // each round a new snapshot (a new snapshotID), as the agent's next cron tick would send
                long cutting = System.nanoTime();
                List<byte[]> bodies = batches(snapshot);
                double cutSeconds = (System.nanoTime() - cutting) / 1e9;
                long inflated = 0;
                long deflated = 0;
                List<byte[]> gzipped = new ArrayList<>();
                long zipping = System.nanoTime();
                for (byte[] body : bodies) {
                    inflated += body.length;
                    byte[] zipped = gzip(body);
                    deflated += zipped.length;
                    gzipped.add(zipped);
                }
                double zipSeconds = (System.nanoTime() - zipping) / 1e9;

                long start = System.nanoTime();
                for (byte[] body : gzipped) {
                    HttpResponse<String> answer = client.send(
                            HttpRequest.newBuilder(data)
                                    .timeout(Duration.ofMinutes(5))
                                    .header("Authorization", "Token " + token)
                                    .header("Content-Type", "application/json")
                                    .header("Content-Encoding", "gzip")
                                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (answer.statusCode() != 201) {
                        throw new IllegalStateException(
                                "upload answered " + answer.statusCode() + ": " + answer.body());
                    }
                }
                double ingestSeconds = (System.nanoTime() - start) / 1e9;

                JsonNode topology = http.json("GET", "/api/topology", null, "Authorization", key);
                int components =
                        topology.get("metadata").get("total_components").asInt();
                if (components != workloads) {
                    throw new IllegalStateException(
                            "expected " + workloads + " components, the topology has " + components);
                }
                String status = http.json(
                                "GET",
                                "/servicediscovery/api/v1/agents/" + agentId
                                        + "?organizationIdentifier=default&projectIdentifier=default_project",
                                null,
                                "Authorization",
                                key)
                        .get("installationDetails")
                        .get("agentDetails")
                        .get("status")
                        .asString();

                double copySeconds = copyBaseline(database, snapshot);
                ratios.add(ingestSeconds / copySeconds);

                System.out.printf(
                        "round %d: snapshot of %d pods, %d objects (%d Deployments with ReplicaSet and Service, %d"
                                + " namespaces, %d nodes), %.1f MB of JSON in %d batches (cut in %.2f s), %.2f MB"
                                + " gzip'd (in %.2f s)%n",
                        round,
                        pods,
                        objects,
                        workloads,
                        NAMESPACES,
                        NODES,
                        inflated / 1e6,
                        bodies.size(),
                        cutSeconds,
                        deflated / 1e6,
                        zipSeconds);
                System.out.printf(
                        "  ingest over HTTP (POST .../data, gzip, all batches, swap-in and topology rebuild): %.2f s"
                                + " (%.0f objects/s); topology %d components, agent %s%n",
                        ingestSeconds, objects / ingestSeconds, components, status);
                System.out.printf(
                        "  baseline, COPY of the same %d objects' rows into a plain table: %.3f s (%.0f rows/s)%n",
                        objects, copySeconds, objects / copySeconds);
                System.out.printf(
                        "  ratio ingest / COPY: %.1f; load average: %s%n", ingestSeconds / copySeconds, loadAverage());
            }
            System.out.printf(
                    "ratios ingest / COPY, round by round: %s%n",
                    ratios.stream().map(r -> String.format("%.1f", r)).toList());
        }
    }

    /** The snapshot's lists, as the cluster collector would gather them (Kubernetes JSON). */
    private static Map<String, List<Map<String, Object>>> snapshot(int workloads) {
        Map<String, List<Map<String, Object>>> lists = new LinkedHashMap<>();
        LISTS.forEach(list -> lists.put(list, new ArrayList<>()));
        for (int n = 0; n < NAMESPACES; n++) {
            lists.get("namespaceList").add(object("v1", "Namespace", null, "ns-" + n, Map.of(), null, Map.of()));
        }
        for (int n = 0; n < NODES; n++) {
            lists.get("nodeList")
                    .add(object(
                            "v1",
                            "Node",
                            null,
                            "node-" + n,
                            Map.of("topology.kubernetes.io/zone", "zone-" + (n % 3)),
                            null,
                            Map.of()));
        }
        for (int w = 0; w < workloads; w++) {
            String namespace = "ns-" + (w % NAMESPACES);
            String app = "app-" + w;
            Map<String, String> labels = Map.of("app", app, "team", "team-" + (w % 7));
            Map<String, Object> deployment = object(
                    "apps/v1",
                    "Deployment",
                    namespace,
                    app,
                    labels,
                    null,
                    Map.of(
                            "replicas",
                            PODS_PER_WORKLOAD,
                            "selector",
                            Map.of("matchLabels", Map.of("app", app)),
                            "template",
                            Map.of(
                                    "metadata",
                                    Map.of("labels", labels),
                                    "spec",
                                    Map.of("containers", List.of(container(app, w))))));
            lists.get("deploymentList").add(deployment);
            Map<String, Object> replicaSet = object(
                    "apps/v1",
                    "ReplicaSet",
                    namespace,
                    app + "-7d9f8b6c5",
                    labels,
                    owner("Deployment", deployment),
                    Map.of("replicas", PODS_PER_WORKLOAD, "selector", Map.of("matchLabels", Map.of("app", app))));
            lists.get("replicaSetList").add(replicaSet);
            int port = w % 10 == 0 ? 5432 : 8080;
            lists.get("serviceList")
                    .add(object(
                            "v1",
                            "Service",
                            namespace,
                            app,
                            labels,
                            null,
                            Map.of(
                                    "selector",
                                    Map.of("app", app),
                                    "clusterIP",
                                    "10.96." + (w / 250) + "." + (w % 250 + 1),
                                    "ports",
                                    List.of(Map.of("port", port, "protocol", "TCP", "targetPort", port)))));
            for (int p = 0; p < PODS_PER_WORKLOAD; p++) {
                int index = w * PODS_PER_WORKLOAD + p;
                String ip = "10." + (16 + index / 65_536) + "." + (index / 256 % 256) + "." + (index % 256);
                Map<String, Object> pod = object(
                        "v1",
                        "Pod",
                        namespace,
                        app + "-7d9f8b6c5-" + Integer.toString(36 * 36 * 36 + p, 36),
                        labels,
                        owner("ReplicaSet", replicaSet),
                        Map.of("nodeName", "node-" + (index % NODES), "containers", List.of(container(app, w))));
                pod.put(
                        "status",
                        Map.of(
                                "phase",
                                "Running",
                                "podIP",
                                ip,
                                "podIPs",
                                List.of(Map.of("ip", ip)),
                                "conditions",
                                List.of(Map.of("type", "Ready", "status", "True"))));
                lists.get("podList").add(pod);
            }
        }
        return lists;
    }

    private static Map<String, Object> container(String app, int w) {
        return Map.of(
                "name",
                app,
                "image",
                "registry.example.com/" + app + ":1." + w,
                "ports",
                List.of(Map.of("containerPort", w % 10 == 0 ? 5432 : 8080, "protocol", "TCP")),
                "resources",
                Map.of("requests", Map.of("cpu", "100m", "memory", "128Mi")));
    }

    private static Map<String, Object> object(
            String apiVersion,
            String kind,
            String namespace,
            String name,
            Map<String, String> labels,
            Map<String, Object> owner,
            Map<String, Object> spec) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", name);
        if (namespace != null) {
            metadata.put("namespace", namespace);
        }
        metadata.put("uid", UUID.randomUUID().toString());
        metadata.put("resourceVersion", "123456");
        metadata.put("creationTimestamp", "2026-11-01T10:00:00Z");
        metadata.put("labels", labels);
        if (owner != null) {
            metadata.put("ownerReferences", List.of(owner));
        }
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("apiVersion", apiVersion);
        object.put("kind", kind);
        object.put("metadata", metadata);
        object.put("spec", spec);
        return object;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> owner(String kind, Map<String, Object> of) {
        Map<String, Object> metadata = (Map<String, Object>) of.get("metadata");
        return Map.of(
                "apiVersion",
                of.get("apiVersion"),
                "kind",
                kind,
                "name",
                metadata.get("name"),
                "uid",
                metadata.get("uid"),
                "controller",
                true);
    }

    /**
     * Bodies of at most {@link #MAX_BATCH_BYTES} of JSON, as the agent cuts a snapshot: objects taken in list order
     * until the next would not fit, every list present in every body, one snapshotID, batch 1 to batches.
     */
    private static List<byte[]> batches(Map<String, List<Map<String, Object>>> snapshot) {
        List<Map<String, List<Object>>> parts = new ArrayList<>();
        Map<String, List<Object>> part = emptyPart();
        long size = 512; // the envelope: namespace, observedNamespaces, snapshotID, batch, batches
        for (Map.Entry<String, List<Map<String, Object>>> list : snapshot.entrySet()) {
            for (Map<String, Object> object : list.getValue()) {
                int bytes = Http.JSON.writeValueAsBytes(object).length + 1;
                if (size + bytes > MAX_BATCH_BYTES && size > 512) {
                    parts.add(part);
                    part = emptyPart();
                    size = 512;
                }
                part.get(list.getKey()).add(object);
                size += bytes;
            }
        }
        parts.add(part);
        String snapshotId = UUID.randomUUID().toString();
        List<String> observed = snapshot.get("namespaceList").stream()
                .map(ns -> (String) ((Map<?, ?>) ns.get("metadata")).get("name"))
                .toList();
        List<byte[]> bodies = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("namespace", "chaosplane");
            body.put("observedNamespaces", observed);
            body.putAll(parts.get(i));
            body.put("snapshotID", snapshotId);
            body.put("batch", i + 1);
            body.put("batches", parts.size());
            bodies.add(Http.JSON.writeValueAsBytes(body));
        }
        return bodies;
    }

    private static Map<String, List<Object>> emptyPart() {
        Map<String, List<Object>> part = new LinkedHashMap<>();
        LISTS.forEach(list -> part.put(list, new ArrayList<>()));
        return part;
    }

    private static byte[] gzip(byte[] body) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 8);
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(body);
        }
        return out.toByteArray();
    }

    private static void createBaselineTable(PostgresTestDatabase database) throws Exception {
        try (Connection c = database.connect();
                Statement statement = c.createStatement()) {
            statement.execute("""
                    CREATE TABLE bench_discovery_objects (kind text NOT NULL, namespace text, name text NOT NULL,
                        uid uuid PRIMARY KEY, object jsonb NOT NULL)""");
        }
    }

    /** The same objects, one row each, by COPY (text format) in one transaction; the text is built beforehand. */
    @SuppressWarnings("unchecked")
    private static double copyBaseline(PostgresTestDatabase database, Map<String, List<Map<String, Object>>> snapshot)
            throws Exception {
        StringBuilder rows = new StringBuilder();
        for (List<Map<String, Object>> list : snapshot.values()) {
            for (Map<String, Object> object : list) {
                Map<String, Object> metadata = (Map<String, Object>) object.get("metadata");
                rows.append(object.get("kind"))
                        .append('\t')
                        .append(metadata.get("namespace") == null ? "\\N" : metadata.get("namespace"))
                        .append('\t')
                        .append(metadata.get("name"))
                        .append('\t')
                        .append(metadata.get("uid"))
                        .append('\t')
                        .append(Http.JSON
                                .writeValueAsString(object)
                                .replace("\\", "\\\\")
                                .replace("\t", "\\t")
                                .replace("\n", "\\n"))
                        .append('\n');
            }
        }
        byte[] text = rows.toString().getBytes(StandardCharsets.UTF_8);
        try (Connection c = database.connect();
                Statement statement = c.createStatement()) {
            statement.execute("TRUNCATE bench_discovery_objects");
            c.setAutoCommit(false);
            long start = System.nanoTime();
            CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY bench_discovery_objects FROM STDIN");
            copy.writeToCopy(text, 0, text.length);
            copy.endCopy();
            c.commit();
            return (System.nanoTime() - start) / 1e9;
        }
    }

    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg"))
                    .strip();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
