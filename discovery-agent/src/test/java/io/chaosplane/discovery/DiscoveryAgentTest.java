package io.chaosplane.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chaosplane.discovery.DiscoverySettings.SettingsException;
import io.chaosplane.discovery.cluster.PagingMockCluster;
import io.chaosplane.discovery.cluster.ThreeServiceShop;
import io.chaosplane.discovery.upload.DataServer;
import io.chaosplane.discovery.upload.Uploader;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent as its jar runs it: settings from the control plane, one collection, the upload the control plane gets. */
class DiscoveryAgentTest {

    private static final String AGENT = "68138d5935d08901c7c1cdea";
    private static final String TOKEN = "agent-token-0123456789";
    private static final String SETTINGS = """
            {"agentID":"68138d5935d08901c7c1cdea","config":{"kubernetes":{"namespace":"hce"},
             "data":{"namespaceSelector":"","observedNamespaces":["shop"],"blacklistedNamespaces":null,
             "enableOrphanedPod":false,"enableBatchResources":false,"collectionWindowInMin":1,
             "cron":{"expression":"15 * * * *"}}}}""";
    private static final String HEADER =
            "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n";

    @TempDir
    Path directory;

    private final DataServer server = new DataServer(AGENT, TOKEN);
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper mapper = new ObjectMapper();
    private final List<Duration> waits = new ArrayList<>();

    @AfterEach
    void close() {
        server.close();
        http.close();
    }

    private Map<String, String> environment(String mode) {
        Map<String, String> environment = new HashMap<>();
        environment.put("CHAOSPLANE_SERVER_URL", server.url().toString());
        environment.put("CHAOSPLANE_DISCOVERY_AGENT_ID", AGENT);
        environment.put("CHAOSPLANE_DISCOVERY_MODE", mode);
        environment.put(
                "CHAOSPLANE_DISCOVERY_TOKEN_FILE",
                directory.resolve("state/token").toString());
        return environment;
    }

    private DiscoverySettings settings(Map<String, String> environment, String... flags) throws Exception {
        return DiscoveryAgentMain.settings(List.of(flags), environment, http, mapper, waits::add);
    }

    private Uploader uploader(DiscoverySettings settings) {
        return new Uploader(
                http,
                settings.serverUrl(),
                settings.agentId(),
                settings.token(),
                3,
                Duration.ofMillis(10),
                Duration.ofSeconds(5),
                waits::add);
    }

    private JsonNode onlyUpload() throws Exception {
        List<DataServer.Received> uploads = server.received().stream()
                .filter(request -> request.path().endsWith("/data"))
                .toList();
        assertThat(uploads).hasSize(1);
        assertThat(uploads.getFirst().authorization()).isEqualTo("Token " + TOKEN);
        assertThat(uploads.getFirst().encoding()).isEqualTo("gzip");
        return mapper.readTree(uploads.getFirst().json());
    }

    @Test
    void the_install_token_is_exchanged_once_kept_owner_only_and_the_control_planes_settings_are_used()
            throws Exception {
        Path installFile = directory.resolve("chaosplane-discovery-install-token");
        Files.writeString(installFile, "one-time-install-token\n");
        server.exchangeOnce("one-time-install-token", SETTINGS);
        Map<String, String> environment = environment("host");
        environment.put("CHAOSPLANE_INSTALL_TOKEN_FILE", installFile.toString());

        DiscoverySettings settings = settings(environment);

        assertThat(settings.token().value()).isEqualTo(TOKEN);
        Path tokenFile = directory.resolve("state/token");
        assertThat(Files.readString(tokenFile).strip()).isEqualTo(TOKEN);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile)))
                .isEqualTo("rw-------");
        assertThat(installFile).doesNotExist();
        assertThat(settings.cron().asString()).isEqualTo("15 * * * *");
        assertThat(settings.observedNamespaces()).containsExactly("shop");
        assertThat(settings.namespace()).isEqualTo("hce");
        assertThat(settings.describe()).doesNotContain(TOKEN);

        // the next start reads the kept token and asks for the settings with it
        DiscoverySettings again = settings(environment);
        assertThat(again.token().value()).isEqualTo(TOKEN);
        assertThat(server.received())
                .extracting(DataServer.Received::path)
                .containsExactly(
                        "/servicediscovery/api/v1/agents/" + AGENT + "/token",
                        "/servicediscovery/api/v1/agents/" + AGENT + "/config");
    }

    @Test
    void a_used_install_token_is_a_configuration_error_naming_the_status_not_the_token() throws Exception {
        Path installFile = directory.resolve("install-token");
        Files.writeString(installFile, "already-used-token");
        Map<String, String> environment = environment("host");
        environment.put("CHAOSPLANE_INSTALL_TOKEN_FILE", installFile.toString());

        assertThatThrownBy(() -> settings(environment))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("HTTP 401")
                .hasMessageNotContaining("already-used-token");
    }

    @Test
    void local_settings_win_over_the_control_planes() throws Exception {
        Files.createDirectories(directory.resolve("state"));
        Files.writeString(directory.resolve("state/token"), TOKEN);
        server.settings(SETTINGS);
        Map<String, String> environment = environment("cluster");
        environment.put("CHAOSPLANE_DISCOVERY_OBSERVED_NAMESPACES", "shop,payments");

        DiscoverySettings settings = settings(environment, "--cron.expression=*/5 * * * *");

        assertThat(settings.observedNamespaces()).containsExactly("shop", "payments");
        assertThat(settings.cron().asString()).isEqualTo("*/5 * * * *");
        assertThat(settings.collectionWindowMinutes()).isEqualTo(1);
    }

    @Test
    void the_cluster_mode_sends_the_three_service_shop_as_one_snapshot() throws Exception {
        Files.createDirectories(directory.resolve("state"));
        Files.writeString(directory.resolve("state/token"), TOKEN);
        server.settings(SETTINGS);
        try (PagingMockCluster cluster = new PagingMockCluster();
                KubernetesClient client = cluster.client()) {
            ThreeServiceShop.create(client);
            cluster.forgetRequests();
            DiscoverySettings settings = settings(environment("cluster"));

            boolean delivered = DiscoveryAgentMain.collection(settings, client, uploader(settings), mapper, waits::add)
                    .run();

            assertThat(delivered).isTrue();
            JsonNode body = onlyUpload();
            assertThat(body.get("namespace").asText()).isEqualTo("hce");
            assertThat(body.get("observedNamespaces").toString()).isEqualTo("[\"shop\"]");
            List<String> services = new ArrayList<>();
            body.get("serviceList")
                    .forEach(
                            service -> services.add(service.at("/metadata/name").asText()));
            assertThat(services).containsExactlyInAnyOrder("frontend", "cart", "database");
            assertThat(body.get("batch").asInt()).isEqualTo(1);
            assertThat(body.get("batches").asInt()).isEqualTo(1);
            assertThat(cluster.requests())
                    .noneMatch(request -> request.contains("configmaps") || request.contains("secrets"));
        }
    }

    @Test
    void a_refused_batch_ends_the_snapshot() throws Exception {
        Files.createDirectories(directory.resolve("state"));
        Files.writeString(directory.resolve("state/token"), TOKEN);
        server.settings(SETTINGS);
        server.answer(201, 404);
        try (PagingMockCluster cluster = new PagingMockCluster();
                KubernetesClient client = cluster.client()) {
            ThreeServiceShop.create(client);
            DiscoverySettings settings = settings(environment("cluster"), "--max.batch.bytes=65536");
            // pods big enough for three batches at 64 KiB
            for (int i = 0; i < 6; i++) {
                client.pods()
                        .inNamespace("shop")
                        .resource(new io.fabric8.kubernetes.api.model.PodBuilder()
                                .withNewMetadata()
                                .withName("big-" + i)
                                .withAnnotations(Map.of("note", "x".repeat(30_000)))
                                .addNewOwnerReference()
                                .withKind("ReplicaSet")
                                .withName("cart-rs")
                                .withApiVersion("apps/v1")
                                .withUid("u")
                                .endOwnerReference()
                                .endMetadata()
                                .build())
                        .create();
            }

            boolean delivered = DiscoveryAgentMain.collection(settings, client, uploader(settings), mapper, waits::add)
                    .run();

            assertThat(delivered).isFalse();
            List<JsonNode> batches = new ArrayList<>();
            for (DataServer.Received request : server.received()) {
                if (request.path().endsWith("/data")) {
                    batches.add(mapper.readTree(request.json()));
                }
            }
            assertThat(batches).hasSize(2);
            assertThat(batches.get(0).get("batches").asInt()).isGreaterThanOrEqualTo(3);
            assertThat(batches.get(1).get("batch").asInt()).isEqualTo(2);
            assertThat(batches.get(1).get("snapshotID").asText())
                    .isEqualTo(batches.get(0).get("snapshotID").asText());
        }
    }

    @Test
    void the_host_mode_sends_the_hosts_outbound_connections_named_by_process() throws Exception {
        Files.createDirectories(directory.resolve("state"));
        Files.writeString(directory.resolve("state/token"), TOKEN);
        server.settings(SETTINGS);
        Path proc = directory.resolve("proc");
        Files.createDirectories(proc.resolve("net"));
        for (String name : new String[] {"tcp", "tcp6"}) {
            try (InputStream in = getClass().getResourceAsStream("/proc/" + name)) {
                Files.copy(in, proc.resolve("net").resolve(name));
            }
        }
        process(proc, "4242", "curl", 22222, 55555);
        process(proc, "4243", "python3", 77777);
        Map<String, String> environment = environment("host");
        environment.put("CHAOSPLANE_DISCOVERY_PROC_ROOT", proc.toString());
        DiscoverySettings settings = settings(environment, "--node.name=web-1");

        boolean delivered = DiscoveryAgentMain.collection(settings, null, uploader(settings), mapper, waits::add)
                .run();

        assertThat(delivered).isTrue();
        JsonNode body = onlyUpload();
        assertThat(body.get("nodeName").asText()).isEqualTo("web-1");
        Map<String, JsonNode> byDestination = new HashMap<>();
        body.get("connectionList")
                .forEach(connection -> byDestination.put(
                        connection.get("destinationIP").asText() + ":"
                                + connection.get("destinationPort").asInt(),
                        connection));
        assertThat(byDestination.keySet())
                .containsExactlyInAnyOrder(
                        "10.24.11.58:8080", "127.0.0.1:8080", "142.250.125.95:443", "2001:db8::2:5432");
        JsonNode curl = byDestination.get("10.24.11.58:8080");
        assertThat(curl.get("process").asText()).isEqualTo("curl");
        assertThat(curl.get("count").asInt()).isEqualTo(2);
        assertThat(curl.get("sourceIP").asText()).isEqualTo("10.16.3.18");
        assertThat(curl.get("sourcePodUID").asText()).isEmpty();
        assertThat(byDestination.get("142.250.125.95:443").get("process").asText())
                .isEqualTo("python3");
        assertThat(byDestination.get("127.0.0.1:8080").get("process").asText()).isEmpty();
        // a window of one minute sampled every five seconds
        assertThat(waits).containsOnly(Duration.ofSeconds(5)).hasSize(11);
    }

    @Test
    void the_node_mode_names_pods_and_services_and_skips_sources_that_are_not_pods() throws Exception {
        Files.createDirectories(directory.resolve("state"));
        Files.writeString(directory.resolve("state/token"), TOKEN);
        server.settings(SETTINGS);
        Path proc = directory.resolve("proc");
        // the node's own namespace: the kubelet probing a pod, which is no pod's connection
        table(proc.resolve("net"), "0103100A:9000 0B03100A:1F90 01 101");
        namespace(proc, "self", "net:[1]");
        // frontend-0 (10.16.3.10): twice to the cart Service, once outside the cluster
        namespace(proc, "100", "net:[2]");
        table(
                proc.resolve("100/net"),
                "0A03100A:A000 1400180A:1F90 01 201",
                "0A03100A:A001 1400180A:1F90 01 202",
                "0A03100A:A002 5F7DFA8E:01BB 01 203");
        // cart-0 (10.16.3.20): the database Service and the database pod directly
        namespace(proc, "200", "net:[3]");
        table(proc.resolve("200/net"), "1403100A:B000 1E00180A:1538 01 301", "1403100A:B001 1E03100A:1538 01 302");
        Map<String, String> environment = environment("node");
        environment.put("CHAOSPLANE_DISCOVERY_PROC_ROOT", proc.toString());
        environment.put("NODE_NAME", ThreeServiceShop.NODE);
        try (PagingMockCluster cluster = new PagingMockCluster();
                KubernetesClient client = cluster.client()) {
            ThreeServiceShop.create(client);
            cluster.forgetRequests();
            DiscoverySettings settings = settings(environment);
            List<String> logLines = new java.util.concurrent.CopyOnWriteArrayList<>();
            java.util.logging.Logger reporterLog =
                    java.util.logging.Logger.getLogger(io.chaosplane.discovery.net.ConnectionReporter.class.getName());
            java.util.logging.Handler capture = new java.util.logging.Handler() {
                @Override
                public void publish(java.util.logging.LogRecord record) {
                    logLines.add(new java.util.logging.SimpleFormatter().formatMessage(record));
                }

                @Override
                public void flush() {}

                @Override
                public void close() {}
            };
            reporterLog.addHandler(capture);

            boolean delivered = DiscoveryAgentMain.collection(settings, client, uploader(settings), mapper, waits::add)
                    .run();

            assertThat(delivered).isTrue();
            JsonNode body = onlyUpload();
            assertThat(body.get("nodeName").asText()).isEqualTo("node-a");
            Map<String, String> uid = new HashMap<>();
            client.pods()
                    .inAnyNamespace()
                    .list()
                    .getItems()
                    .forEach(pod -> uid.put(
                            pod.getMetadata().getName(), pod.getMetadata().getUid()));
            client.services()
                    .inAnyNamespace()
                    .list()
                    .getItems()
                    .forEach(service -> uid.put(
                            "svc/" + service.getMetadata().getName(),
                            service.getMetadata().getUid()));
            List<String> connections = new ArrayList<>();
            body.get("connectionList")
                    .forEach(connection -> connections.add(String.join(
                            " ",
                            connection.get("sourceIP").asText(),
                            connection.get("destinationIP").asText(),
                            connection.get("destinationPort").asText(),
                            connection.get("sourcePodUID").asText(),
                            connection.get("destinationServiceUID").asText(),
                            connection.get("destinationPodUID").asText(),
                            connection.get("process").asText(),
                            connection.get("count").asText())));
            assertThat(connections)
                    .containsExactlyInAnyOrder(
                            "10.16.3.10 10.24.0.20 8080 " + uid.get("frontend-0") + " " + uid.get("svc/cart") + "   2",
                            "10.16.3.10 142.250.125.95 443 " + uid.get("frontend-0") + "    1",
                            "10.16.3.20 10.24.0.30 5432 " + uid.get("cart-0") + " " + uid.get("svc/database") + "   1",
                            "10.16.3.20 10.16.3.30 5432 " + uid.get("cart-0") + "  " + uid.get("database-0") + "  1");
            reporterLog.removeHandler(capture);
            assertThat(logLines)
                    .contains("skipping connection {10.16.3.1 10.16.3.11 8080} as source is not a pod")
                    .contains("connection 10.16.3.10 -> 10.24.0.20:8080 from pod {" + uid.get("frontend-0")
                            + "} to svc {" + uid.get("svc/cart") + "} or pod {} added to the list");
            assertThat(cluster.requests())
                    .noneMatch(request -> request.contains("configmaps") || request.contains("secrets"));
        }
    }

    private static void process(Path proc, String pid, String comm, long... inodes) throws Exception {
        Files.createDirectories(proc.resolve(pid + "/fd"));
        Files.writeString(proc.resolve(pid + "/comm"), comm + "\n");
        int fd = 3;
        for (long inode : inodes) {
            Files.createSymbolicLink(proc.resolve(pid + "/fd/" + fd++), Path.of("socket:[" + inode + "]"));
        }
        Files.createSymbolicLink(proc.resolve(pid + "/fd/" + fd), Path.of("/dev/null"));
    }

    private static void namespace(Path proc, String pid, String namespace) throws Exception {
        Files.createDirectories(proc.resolve(pid + "/ns"));
        Files.createSymbolicLink(proc.resolve(pid + "/ns/net"), Path.of(namespace));
    }

    /** A TCP table of lines "local remote state inode". */
    private static void table(Path net, String... sockets) throws Exception {
        Files.createDirectories(net);
        StringBuilder text = new StringBuilder(HEADER);
        int line = 0;
        for (String socket : sockets) {
            String[] parts = socket.split(" ");
            text.append("   ")
                    .append(line++)
                    .append(": ")
                    .append(parts[0])
                    .append(' ')
                    .append(parts[1])
                    .append(' ')
                    .append(parts[2])
                    .append(" 00000000:00000000 00:00000000 00000000  1000        0 ")
                    .append(parts[3])
                    .append(" 1 0000000000000000 20 4 30 10 -1\n");
        }
        Files.writeString(net.resolve("tcp"), text, StandardCharsets.US_ASCII);
    }
}
