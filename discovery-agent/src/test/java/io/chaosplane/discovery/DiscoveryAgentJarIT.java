package io.chaosplane.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chaosplane.discovery.cluster.PagingMockCluster;
import io.chaosplane.discovery.cluster.ThreeServiceShop;
import io.chaosplane.discovery.upload.DataServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar, as the control plane serves it, started as its own process against the three-service mock
 * cluster and a stand-in control plane: its Main, its shading (fabric8 finds its JDK HTTP client through the merged
 * service files) and its environment variables are those of the install manifest.
 */
class DiscoveryAgentJarIT {

    private static final String AGENT = "68138d5935d08901c7c1cdea";
    private static final String TOKEN = "jar-it-agent-token";

    @TempDir
    Path directory;

    @Test
    void the_jar_in_cluster_mode_sends_the_shops_snapshot_once_and_exits_0() throws Exception {
        Path jar = Path.of(System.getProperty("agent.jar"));
        assertThat(jar).exists().hasFileName("chaosplane-discovery-agent.jar");
        Path tokenFile = directory.resolve("token");
        Files.writeString(tokenFile, TOKEN + "\n");
        try (DataServer server = new DataServer(AGENT, TOKEN);
                PagingMockCluster cluster = new PagingMockCluster();
                KubernetesClient admin = cluster.client()) {
            ThreeServiceShop.create(admin);
            cluster.forgetRequests();
            server.settings("""
                    {"agentID":"%s","config":{"kubernetes":{"namespace":"hce"},"data":{"namespaceSelector":"",
                     "observedNamespaces":null,"blacklistedNamespaces":["kube-system"],"enableOrphanedPod":false,
                     "enableBatchResources":false,"collectionWindowInMin":1,"cron":{"expression":"15 * * * *"}}}}""".formatted(AGENT));
            String java = ProcessHandle.current().info().command().orElse("java");
            ProcessBuilder builder = new ProcessBuilder(java, "-jar", jar.toString(), "--once=true")
                    .redirectErrorStream(true)
                    .redirectOutput(directory.resolve("agent.log").toFile());
            builder.environment().put("CHAOSPLANE_SERVER_URL", server.url().toString());
            builder.environment().put("CHAOSPLANE_DISCOVERY_AGENT_ID", AGENT);
            builder.environment().put("CHAOSPLANE_DISCOVERY_MODE", "cluster");
            builder.environment().put("CHAOSPLANE_DISCOVERY_TOKEN_FILE", tokenFile.toString());
            builder.environment().put("KUBERNETES_MASTER", cluster.url());
            builder.environment().put("KUBERNETES_AUTH_TRYKUBECONFIG", "false");
            builder.environment().put("KUBERNETES_AUTH_TRYSERVICEACCOUNT", "false");
            builder.environment().put("KUBERNETES_NAMESPACE", "default");
            Process agent = builder.start();

            boolean ended = agent.waitFor(90, TimeUnit.SECONDS);
            if (!ended) {
                agent.destroyForcibly();
            }
            String log = Files.readString(directory.resolve("agent.log"));
            assertThat(ended).as(log).isTrue();
            assertThat(agent.exitValue()).as(log).isZero();
            assertThat(log).contains("pushed snapshot").doesNotContain(TOKEN);

            List<DataServer.Received> uploads = server.received().stream()
                    .filter(request -> request.path().endsWith("/data"))
                    .toList();
            assertThat(uploads).hasSize(1);
            JsonNode body = new ObjectMapper().readTree(uploads.getFirst().json());
            List<String> services = new ArrayList<>();
            body.get("serviceList")
                    .forEach(
                            service -> services.add(service.at("/metadata/name").asText()));
            assertThat(services).containsExactlyInAnyOrder("frontend", "cart", "database");
            assertThat(body.get("observedNamespaces").toString()).isEqualTo("[\"shop\"]");
            assertThat(cluster.requests())
                    .isNotEmpty()
                    .noneMatch(request -> request.contains("configmaps") || request.contains("secrets"));
        }
    }
}
