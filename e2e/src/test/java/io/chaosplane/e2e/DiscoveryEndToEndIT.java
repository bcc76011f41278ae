package io.chaosplane.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosplane.testsupport.Api;
import io.chaosplane.testsupport.JarProcess;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The packaged discovery agent as a process of its own, in cluster mode, against fabric8's mock API server in CRUD
 * mode holding a three-service shop (frontend, cart, database): the agent is created through the API for a
 * Kubernetes infrastructure, its token taken from the manifest's Secret as {@code kubectl apply} would install it, and
 * one collection ({@code --once=true}) makes the shop's services the project's components and the agent ACTIVE.
 */
class DiscoveryEndToEndIT {

    private static final String AGENTS = "/servicediscovery/api/v1/agents";
    private static final String PROJECT = "organizationIdentifier=default&projectIdentifier=default_project";

    final ControlPlaneProcess controlPlane = ControlPlaneProcess.shared();
    final int port = controlPlane.port();

    @TempDir
    Path dir;

    KubernetesMockServer cluster;
    KubernetesClient client;
    Api admin;

    @BeforeEach
    void startCluster() {
        cluster = new KubernetesMockServer(
                new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(), false);
        cluster.init();
        client = cluster.createClient();
        shop();
        admin = new Api(port).withKey(controlPlane.newTenantAdminKey());
    }

    @AfterEach
    void stopCluster() {
        client.close();
        cluster.destroy();
    }

    @Test
    void anAgentProcessAgainstAThreeServiceClusterMakesItsServicesComponentsAndTurnsActive() throws Exception {
        expect(
                201,
                admin.post(
                        "/api/v1/orgs/default/projects/default_project/environments",
                        Map.of("identifier", "e2e", "name", "E2E", "type", "PreProduction")));
        expect(
                201,
                admin.post(
                        "/api/v1/infrastructures",
                        Map.of(
                                "identifier",
                                "e2e_shop",
                                "name",
                                "e2e-shop",
                                "type",
                                "Kubernetes",
                                "environmentIdentifier",
                                "e2e")));
        JsonNode created = expect(
                        201,
                        admin.post(
                                AGENTS + "?" + PROJECT,
                                Map.of(
                                        "environmentIdentifier",
                                        "e2e",
                                        "infraIdentifier",
                                        "e2e_shop",
                                        "name",
                                        "da-e2e-shop",
                                        "config",
                                        Map.of("kubernetes", Map.of("namespace", "chaosplane")))))
                .json();
        String agentId = created.get("id").asString();
        assertThat(status(agentId)).isEqualTo("PENDING");

        // kubectl apply -f <manifestURL>: the manifest's Secret holds the agent's token, mounted as a file
        URI manifest = URI.create(created.get("install").get("manifestURL").asString());
        String yaml = expect(200, new Api(port).get(manifest.getRawPath() + "?" + manifest.getRawQuery()))
                .text();
        List<HasMetadata> objects = client.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)))
                .items();
        String token = objects.stream()
                .filter(Secret.class::isInstance)
                .map(Secret.class::cast)
                .map(secret -> secret.getStringData().get("token"))
                .findFirst()
                .orElseThrow();
        Path tokenFile = dir.resolve("token");
        Files.writeString(tokenFile, token);

        Path log = dir.resolve("discovery-agent.log");
        ProcessBuilder builder = new ProcessBuilder(
                        ProcessHandle.current().info().command().orElseThrow(),
                        "-XX:+UseSerialGC",
                        "-XX:TieredStopAtLevel=1",
                        "-Xmx96m",
                        "-jar",
                        JarProcess.jar("discovery-agent.jar").toString(),
                        "--once=true")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.put("CHAOSPLANE_SERVER_URL", "http://localhost:" + port);
        env.put("CHAOSPLANE_DISCOVERY_AGENT_ID", agentId);
        env.put("CHAOSPLANE_DISCOVERY_MODE", "cluster");
        env.put("CHAOSPLANE_DISCOVERY_TOKEN_FILE", tokenFile.toString());
        // fabric8 reads its API server from these, as in a pod it would from the service account
        env.put("KUBERNETES_MASTER", cluster.url("/").replaceAll("/+$", ""));
        env.put("KUBERNETES_AUTH_TRYKUBECONFIG", "false");
        env.put("KUBERNETES_AUTH_TRYSERVICEACCOUNT", "false");
        env.put("KUBERNETES_NAMESPACE", "chaosplane");
        Process agent = builder.start();
        boolean ended = agent.waitFor(30, TimeUnit.SECONDS);
        if (!ended) {
            agent.destroyForcibly().waitFor();
        }
        String output = Files.readString(log);
        assertThat(ended).as(output).isTrue();
        assertThat(agent.exitValue()).as(output).isZero();
        assertThat(output).doesNotContain(token);

        JsonNode topology = expect(200, admin.get("/api/topology")).json();
        Map<String, String> components = new TreeMap<>();
        topology.get("nodes")
                .forEach(node -> components.put(
                        node.get("id").asString(),
                        node.get("type").asString() + "/" + node.get("replicas").asInt() + "/"
                                + node.get("health").asString()));
        assertThat(components)
                .containsExactlyEntriesOf(new TreeMap<>(Map.of(
                        "cart.shop", "service/2/healthy",
                        "database.shop", "database/1/healthy",
                        "frontend.shop", "service/2/healthy")));
        assertThat(topology.get("metadata").get("total_components").asInt()).isEqualTo(3);
        assertThat(status(agentId)).isEqualTo("ACTIVE");
    }

    private String status(String agentId) {
        return expect(200, admin.get(AGENTS + "/" + agentId + "?" + PROJECT))
                .json()
                .get("installationDetails")
                .get("agentDetails")
                .get("status")
                .asString();
    }

    /** Namespace shop on node-a: frontend and cart (2 pods, port 8080), database (1 pod, port 5432). */
    private void shop() {
        client.resource(new NodeBuilder()
                        .withNewMetadata()
                        .withName("node-a")
                        .withUid("uid-node-a")
                        .endMetadata()
                        .build())
                .create();
        client.resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName("shop")
                        .withUid("uid-ns-shop")
                        .endMetadata()
                        .build())
                .create();
        workload("frontend", 2, 8080, "10.24.0.10", 10);
        workload("cart", 2, 8080, "10.24.0.20", 20);
        workload("database", 1, 5432, "10.24.0.30", 30);
    }

    private void workload(String app, int replicas, int port, String clusterIp, int firstIp) {
        Map<String, String> labels = Map.of("app", app);
        client.resource(new DeploymentBuilder()
                        .withNewMetadata()
                        .withName(app)
                        .withNamespace("shop")
                        .withUid("uid-deploy-" + app)
                        .withLabels(labels)
                        .endMetadata()
                        .withNewSpec()
                        .withReplicas(replicas)
                        .withNewSelector()
                        .withMatchLabels(labels)
                        .endSelector()
                        .withNewTemplate()
                        .withNewMetadata()
                        .withLabels(labels)
                        .endMetadata()
                        .withNewSpec()
                        .addNewContainer()
                        .withName(app)
                        .withImage(app + ":1")
                        .endContainer()
                        .endSpec()
                        .endTemplate()
                        .endSpec()
                        .build())
                .create();
        client.resource(new ReplicaSetBuilder()
                        .withNewMetadata()
                        .withName(app + "-rs")
                        .withNamespace("shop")
                        .withUid("uid-rs-" + app)
                        .withLabels(labels)
                        .addNewOwnerReference()
                        .withKind("Deployment")
                        .withName(app)
                        .withApiVersion("apps/v1")
                        .withUid("uid-deploy-" + app)
                        .endOwnerReference()
                        .endMetadata()
                        .withNewSpec()
                        .withReplicas(replicas)
                        .withNewSelector()
                        .withMatchLabels(labels)
                        .endSelector()
                        .endSpec()
                        .build())
                .create();
        client.resource(new ServiceBuilder()
                        .withNewMetadata()
                        .withName(app)
                        .withNamespace("shop")
                        .withUid("uid-svc-" + app)
                        .endMetadata()
                        .withNewSpec()
                        .withSelector(labels)
                        .withClusterIP(clusterIp)
                        .addNewPort()
                        .withPort(port)
                        .endPort()
                        .endSpec()
                        .build())
                .create();
        for (int i = 0; i < replicas; i++) {
            String ip = "10.16.3." + (firstIp + i);
            client.resource(new PodBuilder()
                            .withNewMetadata()
                            .withName(app + "-" + i)
                            .withNamespace("shop")
                            .withUid("uid-pod-" + app + "-" + i)
                            .withLabels(labels)
                            .addNewOwnerReference()
                            .withKind("ReplicaSet")
                            .withName(app + "-rs")
                            .withApiVersion("apps/v1")
                            .withUid("uid-rs-" + app)
                            .endOwnerReference()
                            .endMetadata()
                            .withNewSpec()
                            .withNodeName("node-a")
                            .addNewContainer()
                            .withName(app)
                            .withImage(app + ":1")
                            .endContainer()
                            .endSpec()
                            .withNewStatus()
                            .withPhase("Running")
                            .withPodIP(ip)
                            .addNewPodIP()
                            .withIp(ip)
                            .endPodIP()
                            .endStatus()
                            .build())
                    .create();
        }
    }

    private static Api.Response expect(int status, Api.Response response) {
        assertThat(response.status()).as(response.text()).isEqualTo(status);
        return response;
    }
}
