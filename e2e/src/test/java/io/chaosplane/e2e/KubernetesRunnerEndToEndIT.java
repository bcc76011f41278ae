package io.chaosplane.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosplane.testsupport.Api;
import io.chaosplane.testsupport.Await;
import io.chaosplane.testsupport.JarProcess;
import io.chaosplane.testsupport.JsonShapes;
import io.chaosplane.testsupport.kubernetes.SimulatedCluster;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The control plane, the log service and the packaged Kubernetes runner as a process of its own, against a simulated
 * cluster (fabric8's mock API server in CRUD mode with real Deployments, ReplicaSets, Pods and Nodes). The runner gets
 * its environment from the manifest URL's ConfigMap and Secret, confirms with the install token, turns CONNECTED, runs
 * two-step experiments to a score with its logs in the log service, and leaves the cluster as it found it after an
 * abort and after being killed mid-fault and started again.
 */
class KubernetesRunnerEndToEndIT {

    private static final Duration PATIENCE = Duration.ofSeconds(90);

    final ControlPlaneProcess controlPlane = ControlPlaneProcess.shared();
    final int port = controlPlane.port();

    @TempDir
    Path dir;

    SimulatedCluster cluster;
    KubernetesClient client;
    ProbeTarget app;
    Api admin;
    String infraId;
    Map<String, String> environment;
    JarProcess runner;
    ClusterState before;

    /** What a fault may change and its revert must restore. */
    record ClusterState(Map<String, Integer> replicas, Set<String> cordoned, List<String> leftovers) {}

    @BeforeEach
    void installRunner() throws Exception {
        app = ProbeTarget.start();
        cluster = new SimulatedCluster();
        cluster.node("node-a", Map.of("zone", "a"));
        cluster.node("node-b", Map.of("zone", "b"));
        cluster.deployment("shop", "cart", 4, List.of("node-a", "node-b"));
        cluster.deployment("shop", "checkout", 2, List.of("node-b"));
        client = cluster.client();
        before = state();

        admin = new Api(port).withKey(controlPlane.newTenantAdminKey());
        JsonNode created = admin.post(
                        "/api/v1/infrastructures",
                        Map.of("identifier", "e2e_cluster", "name", "e2e-cluster", "type", "Kubernetes"))
                .json();
        infraId = created.get("infrastructure").get("id").asString();
        environment = manifestEnvironment(created.get("manifestUrl").asString());
        runner = RunnerProcess.start(dir, environment, "runner.log");
        await(
                "the runner connects",
                () -> admin.get("/api/v1/infrastructures/" + infraId).json(),
                infra -> "CONNECTED".equals(infra.get("status").asString()));
    }

    @AfterEach
    void stop() throws Exception {
        if (runner != null) {
            runner.close();
        }
        client.close();
        cluster.close();
        app.close();
    }

    /** The runner's environment as its Deployment would have it: the manifest's ConfigMap and Secret. */
    private Map<String, String> manifestEnvironment(String manifestUrl) {
        URI url = URI.create(manifestUrl);
        String yaml =
                new Api(port).get(url.getRawPath() + "?" + url.getRawQuery()).text();
        List<HasMetadata> objects = client.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)))
                .items();
        Map<String, String> env = new HashMap<>();
        objects.stream()
                .filter(ConfigMap.class::isInstance)
                .map(ConfigMap.class::cast)
                .forEach(config -> env.putAll(config.getData()));
        objects.stream()
                .filter(Secret.class::isInstance)
                .map(Secret.class::cast)
                .forEach(secret -> env.putAll(secret.getStringData()));
        // inside the cluster the manifest's endpoint is the control plane's public URL; here it is this test's port
        env.put("KUBERNETES_INFRA_SERVICE_ENDPOINT", "http://localhost:" + port + "/chaos/kserver/api");
        env.put("CHAOS_NAMESPACE", "chaosplane");
        env.put("KUBERNETES_MASTER", cluster.url());
        env.put("KUBERNETES_AUTH_TRYKUBECONFIG", "false");
        env.put("KUBERNETES_AUTH_TRYSERVICEACCOUNT", "false");
        env.put("HEALTH_PORT", "0");
        env.put("CHAOSPLANE_STATE_DIR", dir.resolve("state").toString());
        env.put("CHAOSPLANE_POLL_WAIT", "5s");
        env.put("CHAOSPLANE_LIVENESS_INTERVAL", "1s");
        env.put("CHAOSPLANE_STATUS_INTERVAL", "1s");
        env.put("CHAOSPLANE_GRACE_PERIOD", "15s");
        return env;
    }

    private ClusterState state() {
        Map<String, Integer> replicas = new TreeMap<>();
        client.apps()
                .deployments()
                .inNamespace("shop")
                .list()
                .getItems()
                .forEach(deployment -> replicas.put(
                        deployment.getMetadata().getName(), deployment.getSpec().getReplicas()));
        return new ClusterState(replicas, cluster.cordonedNodes(), cluster.leftovers("chaosplane"));
    }

    private String create(String name, String steps) {
        var created = admin.postRaw("/api/v1/experiments", """
                {"apiVersion":"chaos.chaosplane.io/v1alpha1","kind":"ChaosExperiment",
                 "metadata":{"name":"%s","namespace":"e2e"},"spec":{"steps":%s}}""".formatted(name, steps), "application/json");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return created.json().get("status").get("runId").asString();
    }

    private JsonNode run(String runId) {
        return admin.get("/api/v1/runs/" + runId).json();
    }

    @Test
    void aTwoStepExperimentRunsToAScoreWithItsLogsAndTheSeedsRunShape() throws Exception {
        List<String> cartBefore = pods("cart");
        String runId = create("shop-resilience", """
                [[{"name":"pod-delete","target":{"kind":"Deployment","namespace":"shop","names":"cart"},
                   "action":{"type":"pod-delete","parameters":{"PODS_AFFECTED_PERC":"50","CHAOS_INTERVAL":"1s",
                                                               "FORCE":"true"}},
                   "duration":"3s"}],
                 [{"name":"pod-cpu-hog","target":{"kind":"Deployment","namespace":"shop","names":"checkout"},
                   "action":{"type":"pod-cpu-hog","parameters":{"CPU_CORES":"1"}},"duration":"3s",
                   "probes":[{"name":"app-up","type":"httpProbe","mode":"Continuous",
                              "httpProbe/inputs":{"url":"http://127.0.0.1:%d/healthy",
                                                  "method":{"get":{"criteria":"==","responseCode":"200"}}},
                              "runProperties":{"probeTimeout":"2s","interval":"1s"}}]}]]""".formatted(app.port()));

        await("stress runs in a checkout container", cluster::processCount, count -> count > 0);
        JsonNode finished = await(
                "the run completes",
                () -> run(runId),
                run -> "Completed".equals(run.get("phase").asString()));

        assertThat(finished.get("resiliencyScore").asDouble())
                .as(finished.toString())
                .isEqualTo(100.0);
        JsonNode deleteFault = finished.get("steps").get(0).get("faults").get(0);
        JsonNode hogFault = finished.get("steps").get(1).get("faults").get(0);
        assertThat(deleteFault.get("verdict").asString()).isEqualTo("Pass");
        assertThat(hogFault.get("verdict").asString()).isEqualTo("Pass");
        assertThat(hogFault.get("probeSuccessPercentage").asDouble()).isEqualTo(100.0);
        assertThat(pods("cart"))
                .hasSize(4)
                .as("pods were deleted and came back")
                .isNotEqualTo(cartBefore);
        assertThat(state()).isEqualTo(before);

        JsonNode lines = await(
                "the pod-delete log reaches the log service",
                () -> admin.get("/api/v1/runs/" + runId + "/logs?streamID="
                                + deleteFault.get("streamID").asString())
                        .json(),
                page -> page.size() > 3);
        assertThat(lines.toString()).contains("pod-delete FAULT START", "Deleting 2 pod(s)");

        String accessKey = Files.readString(dir.resolve("state/access-key")).strip();
        JsonNode runShape = new Api(port)
                .get(
                        "/chaos/kserver/api/infra/v2/task/experimentrun/" + infraId + "/"
                                + finished.get("experimentId").asString() + "/" + runId,
                        "X-Access-Key",
                        accessKey)
                .json();
        JsonNode seed;
        try (var in = getClass().getResourceAsStream("/seed001/experimentrun-response.json")) {
            seed = tools.jackson.databind.json.JsonMapper.builder().build().readTree(in);
        }
        assertThat(JsonShapes.differences("", seed, runShape)).isEmpty();
        assertThat(runShape.get("data").get("completed").asBoolean()).isTrue();
        assertThat(runShape.get("data").get("executionData").get("phase").asString())
                .isEqualTo("Succeeded");
    }

    /** Scale, cordon, a network helper and memory stress, all in force at once (one step, tasks in parallel). */
    private String startEverything(String name) throws InterruptedException {
        String runId = create(name, """
                [[{"name":"scale","target":{"kind":"Deployment","namespace":"shop","names":"cart"},
                   "action":{"type":"pod-autoscaler","parameters":{"REPLICA_COUNT":"1"}},"duration":"90s"},
                  {"name":"cordon","target":{"kind":"Node","names":"node-a"},
                   "action":{"type":"node-cordon"},"duration":"90s"},
                  {"name":"latency","target":{"kind":"Deployment","namespace":"shop","names":"checkout"},
                   "action":{"type":"pod-network-latency","parameters":{"NETWORK_LATENCY":"500"}},"duration":"90s"},
                  {"name":"memory","target":{"kind":"Deployment","namespace":"shop","names":"checkout"},
                   "action":{"type":"pod-memory-hog","parameters":{"MEMORY_CONSUMPTION":"64",
                                                                   "PODS_AFFECTED_PERC":"100"}},"duration":"90s"}]]""");
        await(
                "every fault is in force",
                this::state,
                now -> now.replicas().get("cart") == 1
                        && now.cordoned().contains("node-a")
                        && cluster.shapedPods().size() == 1
                        && cluster.processCount() == 2);
        return runId;
    }

    @Test
    void abortingMidFaultLeavesTheClusterAsItWas() throws Exception {
        String runId = startEverything("abort-everything");

        assertThat(admin.post("/api/v1/runs/" + runId + "/abort", null).status())
                .isEqualTo(200);

        JsonNode aborted = await(
                "the run is aborted",
                () -> run(runId),
                run -> "Aborted".equals(run.get("phase").asString()));
        assertThat(aborted.get("steps").get(0).get("faults"))
                .allSatisfy(fault -> assertThat(fault.get("verdict").asString()).isEqualTo("Stopped"));
        await("the cluster is as it was", this::state, before::equals);
    }

    @Test
    void killingTheRunnerMidFaultAndStartingItAgainLeavesTheClusterAsItWas() throws Exception {
        String runId = startEverything("kill-everything");

        runner.kill();
        assertThat(state()).as("a killed runner reverts nothing").isNotEqualTo(before);
        runner = RunnerProcess.start(dir, environment, "runner-2.log");

        await("the cluster is as it was", this::state, before::equals);
        JsonNode failed = await(
                "the run reports the restart",
                () -> run(runId),
                run -> "Failed".equals(run.get("phase").asString()));
        assertThat(failed.get("steps")
                        .get(0)
                        .get("faults")
                        .get(0)
                        .get("errorCode")
                        .asString())
                .isEqualTo("E2003: AGENT_RESTARTED");
        assertThat(runner.log()).contains("reverted");
    }

    private List<String> pods(String app) {
        return client.pods().inNamespace("shop").withLabel(SimulatedCluster.APP_LABEL, app).list().getItems().stream()
                .map(pod -> pod.getMetadata().getName())
                .sorted()
                .toList();
    }

    private static <T> T await(String what, Supplier<T> probe, Predicate<T> done) {
        return Await.until(what, PATIENCE, probe, done);
    }
}
