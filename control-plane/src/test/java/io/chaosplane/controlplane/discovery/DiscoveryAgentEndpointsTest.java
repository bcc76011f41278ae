package io.chaosplane.controlplane.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosplane.controlplane.support.Fixtures;
import io.chaosplane.controlplane.support.IntegrationTest;
import io.chaosplane.controlplane.support.Keys.RoleMatrix;
import io.chaosplane.testsupport.Api;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

@IntegrationTest
class DiscoveryAgentEndpointsTest {

    static final String SEED = "../../shared/seeds/001_5e75962167e7ddc6.txt";
    static final String PATH = "/gateway/servicediscovery/api/v1/agents";
    static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    Fixtures fixtures;

    Api server;
    Fixtures.Tenant tenant;
    RoleMatrix roles;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void setUp() {
        server = new Api(port);
        tenant = fixtures.newTenant();
        roles = RoleMatrix.of(server, tenant);
        assertThat(roles.admin()
                        .post(
                                "/api/v1/orgs/default/projects/default_project/environments",
                                Map.of("identifier", "demo", "name", "Demo", "type", "PreProduction"))
                        .status())
                .isEqualTo(201);
    }

    private void infrastructure(String identifier, String type) {
        Api.Response created = roles.admin()
                .post(
                        "/api/v1/infrastructures",
                        Map.of(
                                "identifier",
                                identifier,
                                "name",
                                identifier,
                                "type",
                                type,
                                "environmentIdentifier",
                                "demo"));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
    }

    /** The n-th ```json block of seed 001 after the heading, verbatim. */
    static String seedBlock(String heading, int n) throws IOException {
        Path seed = Path.of(SEED);
        if (!Files.exists(seed)) {
            seed = Path.of("/work/shared/seeds/001_5e75962167e7ddc6.txt");
        }
        String text = Files.readString(seed);
        int at = text.indexOf(heading);
        for (int i = 0; i <= n; i++) {
            at = text.indexOf("```json", at) + "```json".length();
        }
        return text.substring(at, text.indexOf("```", at)).strip();
    }

    private static String query() {
        return "?routingId=r1&organizationIdentifier=default&projectIdentifier=default_project";
    }

    private JsonNode createSeedAgent(String infra) throws IOException {
        String body =
                seedBlock("### Create Discovery Agent on EKS Cluster", 0).replace("\"test3\"", "\"" + infra + "\"");
        Api.Response created = roles.admin().postRaw(PATH + query(), body, "application/json");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return created.json();
    }

    private static Set<String> paths(JsonNode node, String prefix) {
        Set<String> paths = new HashSet<>();
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> member : node.properties()) {
                paths.add(prefix + member.getKey());
                paths.addAll(paths(member.getValue(), prefix + member.getKey() + "."));
            }
        }
        return paths;
    }

    @Test
    void seedBodyVerbatimAnswersSeedResponseFieldForField() throws IOException {
        infrastructure("test3", "Kubernetes");
        String body = seedBlock("### Create Discovery Agent on EKS Cluster", 0);
        Api.Response created = roles.admin()
                .postRaw(PATH + query() + "&accountIdentifier=" + tenant.accountId(), body, "application/json");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        JsonNode seed = JSON.readTree(seedBlock("### Create Discovery Agent on EKS Cluster", 1));
        JsonNode answer = created.json();
        Set<String> answered = paths(answer, "");
        answered.removeIf(path -> path.equals("install") || path.startsWith("install."));
        assertThat(answered).isEqualTo(paths(seed, ""));
        assertThat(answer.get("config")).isEqualTo(seed.get("config"));
        for (String field : List.of(
                "name",
                "identity",
                "description",
                "tags",
                "environmentIdentifier",
                "permanentInstallation",
                "webhookURL",
                "installationType",
                "removed",
                "organizationIdentifier")) {
            assertThat(answer.get(field)).as(field).isEqualTo(seed.get(field));
        }
        JsonNode details = answer.get("installationDetails");
        assertThat(details.get("agentDetails"))
                .isEqualTo(seed.get("installationDetails").get("agentDetails"));
        assertThat(details.get("agentID").asString()).isEqualTo(answer.get("id").asString());
        assertThat(answer.get("id").asString()).matches("[0-9a-f]{24}");
        assertThat(details.get("delegateTaskID").asString()).isEmpty();
        assertThat(details.get("delegateID").asString()).isEmpty();
        assertThat(answer.get("accountIdentifier").asString()).isEqualTo(tenant.accountId());
        assertThat(answer.get("createdAt").asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(answer.get("install").get("manifestURL").asString())
                .contains("/servicediscovery/api/v1/agents/" + answer.get("id").asString() + "/manifest?token=");

        // get and list answer the same, without the install token
        Api.Response got = roles.viewer().get(PATH + "/" + answer.get("id").asString() + query());
        assertThat(got.status()).isEqualTo(200);
        assertThat(got.json().has("install")).isFalse();
        assertThat(got.json().get("config")).isEqualTo(seed.get("config"));
        Api.Response listed = roles.viewer().get("/servicediscovery/api/v1/agents" + query());
        assertThat(listed.json().get("items")).hasSize(1);
    }

    @Test
    void theMatrix() throws IOException {
        infrastructure("test3", "Kubernetes");
        String body = seedBlock("### Create Discovery Agent on EKS Cluster", 0);
        // wrong role
        assertThat(roles.operator()
                        .postRaw(PATH + query(), body, "application/json")
                        .status())
                .isEqualTo(403);
        // bad cron, bad window: 400 naming the field
        Api.Response badCron =
                roles.admin().postRaw(PATH + query(), body.replace("15 * * * *", "61 * * * *"), "application/json");
        assertThat(badCron.status()).isEqualTo(400);
        assertThat(badCron.text()).contains("config.data.cron.expression");
        Api.Response badWindow = roles.admin()
                .postRaw(
                        PATH + query(),
                        body.replace("\"collectionWindowInMin\": 1", "\"collectionWindowInMin\": 61"),
                        "application/json");
        assertThat(badWindow.status()).isEqualTo(400);
        assertThat(badWindow.text()).contains("config.data.collectionWindowInMin");
        Api.Response zeroWindow = roles.admin()
                .postRaw(
                        PATH + query(),
                        body.replace("\"collectionWindowInMin\": 1", "\"collectionWindowInMin\": 0"),
                        "application/json");
        assertThat(zeroWindow.text()).contains("config.data.collectionWindowInMin");
        // unknown environment and infrastructure
        assertThat(roles.admin()
                        .postRaw(PATH + query(), body.replace("\"demo\"", "\"nowhere\""), "application/json")
                        .status())
                .isEqualTo(404);
        assertThat(roles.admin()
                        .postRaw(PATH + query(), body.replace("\"test3\"", "\"test4\""), "application/json")
                        .status())
                .isEqualTo(404);
        // another tenant's account named, or another tenant's agent
        assertThat(roles.admin()
                        .postRaw(PATH + query() + "&accountIdentifier=someone_else", body, "application/json")
                        .status())
                .isEqualTo(404);
        JsonNode created = createSeedAgent("test3");
        String id = created.get("id").asString();
        Api other = RoleMatrix.of(server, fixtures.newTenant()).admin();
        assertThat(other.get(PATH + "/" + id + query()).status()).isEqualTo(404);
        assertThat(other.delete(PATH + "/" + id + query()).status()).isEqualTo(404);
        // a second agent for the same infrastructure
        assertThat(roles.admin()
                        .postRaw(PATH + query(), body, "application/json")
                        .status())
                .isEqualTo(409);
        // delete: viewer no, admin yes
        assertThat(roles.viewer().delete(PATH + "/" + id + query()).status()).isEqualTo(403);
        assertThat(roles.admin().delete(PATH + "/" + id + query()).status()).isEqualTo(204);
        assertThat(roles.admin().get(PATH + "/" + id + query()).status()).isEqualTo(404);
    }

    @Test
    void theManifestReadsTheElevenKindsOnlyAndCarriesAWorkingAgentToken() throws IOException {
        infrastructure("test3", "Kubernetes");
        JsonNode created = createSeedAgent("test3");
        String url = created.get("install").get("manifestURL").asString();
        String path = url.substring(url.indexOf("/servicediscovery"));
        Api.Response manifest = server.get(path);
        assertThat(manifest.status()).as(manifest.text()).isEqualTo(200);
        List<Map<String, Object>> objects = new ArrayList<>();
        new YAMLMapper()
                .readerFor(Map.class)
                .<Map<String, Object>>readValues(manifest.text())
                .forEachRemaining(objects::add);
        Map<String, Object> role = objects.stream()
                .filter(o -> "ClusterRole".equals(o.get("kind")))
                .findFirst()
                .orElseThrow();
        Set<String> resources = new TreeSet<>();
        for (Object rule : (List<?>) role.get("rules")) {
            Map<?, ?> r = (Map<?, ?>) rule;
            assertThat(r.get("verbs"))
                    .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
                    .containsExactly("get", "list", "watch");
            ((List<?>) r.get("resources")).forEach(resource -> resources.add((String) resource));
        }
        assertThat(resources)
                .containsExactlyInAnyOrder(
                        "namespaces",
                        "nodes",
                        "services",
                        "pods",
                        "replicasets",
                        "replicationcontrollers",
                        "deployments",
                        "statefulsets",
                        "daemonsets",
                        "jobs",
                        "cronjobs");
        assertThat(objects)
                .extracting(o -> o.get("kind"))
                .contains("Namespace", "ServiceAccount", "Secret", "ClusterRoleBinding", "Deployment", "DaemonSet");
        assertThat(manifest.text())
                .doesNotContain(created.get("install").get("token").asString());
        Map<?, ?> secret = (Map<?, ?>) objects.stream()
                .filter(o -> "Secret".equals(o.get("kind")))
                .findFirst()
                .orElseThrow()
                .get("stringData");
        String agentToken = (String) secret.get("token");
        // the install token opened it once
        assertThat(server.get(path).status()).isEqualTo(401);
        String id = created.get("id").asString();
        HttpResponse<String> config =
                http("GET", "/servicediscovery/api/v1/agents/" + id + "/config", "Token " + agentToken, null, false);
        assertThat(config.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(config.body())
                        .get("config")
                        .get("data")
                        .get("cron")
                        .get("expression")
                        .asString())
                .isEqualTo("15 * * * *");
    }

    @Test
    void aLinuxHostExchangesItsTokenOnceAndTheCommandFetchesTheJar() throws IOException {
        infrastructure("host1", "Linux");
        JsonNode created = createSeedAgent("host1");
        String command = created.get("install").get("command").asString();
        assertThat(command)
                .contains("/downloads/chaosplane-discovery-agent.jar", "CHAOSPLANE_DISCOVERY_AGENT_ID=")
                .doesNotContain("java -jar chaosplane-discovery-agent.jar "
                        + created.get("install").get("token"));
        String id = created.get("id").asString();
        String install = "Token " + created.get("install").get("token").asString();
        assertThat(http("POST", "/servicediscovery/api/v1/agents/" + id + "/token", "Token wrong", null, false)
                        .statusCode())
                .isEqualTo(401);
        HttpResponse<String> exchanged =
                http("POST", "/servicediscovery/api/v1/agents/" + id + "/token", install, null, false);
        assertThat(exchanged.statusCode()).as(exchanged.body()).isEqualTo(201);
        assertThat(JSON.readTree(exchanged.body()).get("token").asString()).hasSize(32);
        assertThat(http("POST", "/servicediscovery/api/v1/agents/" + id + "/token", install, null, false)
                        .statusCode())
                .isEqualTo(401);
    }

    // ---- uploads

    private String agentToken(String infra) throws IOException {
        infrastructure(infra, "Linux");
        JsonNode created = createSeedAgent(infra);
        String id = created.get("id").asString();
        HttpResponse<String> exchanged = http(
                "POST",
                "/servicediscovery/api/v1/agents/" + id + "/token",
                "Token " + created.get("install").get("token").asString(),
                null,
                false);
        return id + " " + JSON.readTree(exchanged.body()).get("token").asString();
    }

    private HttpResponse<String> upload(String idAndToken, Object body) {
        String[] parts = idAndToken.split(" ");
        byte[] bytes = body instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : JSON.writeValueAsBytes(body);
        return http("POST", PATH + "/" + parts[0] + "/data", "Token " + parts[1], bytes, true);
    }

    private HttpResponse<String> http(String method, String path, String authorization, byte[] body, boolean gzip) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json");
            if (gzip) {
                request.header("Content-Encoding", "gzip");
                body = gzip(body);
            }
            request.method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(bytes);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    static Map<String, Object> meta(String name, String uid, Map<String, String> labels, List<?> owners) {
        return Map.of("name", name, "namespace", "shop", "uid", uid, "labels", labels, "ownerReferences", owners);
    }

    static Map<String, Object> owner(String kind, String name, String uid) {
        return Map.of("kind", kind, "name", name, "uid", uid);
    }

    static Map<String, Object> pod(String name, String uid, String app, String ip, Map<String, Object> owner) {
        return Map.of(
                "metadata", meta(name, uid, Map.of("app", app, "team", "payments"), List.of(owner)),
                "spec", Map.of("nodeName", "node-1"),
                "status",
                        Map.of(
                                "phase",
                                "Running",
                                "podIP",
                                ip,
                                "conditions",
                                List.of(Map.of("type", "Ready", "status", "True"))));
    }

    static Map<String, Object> service(String name, String uid, String app, int port, String ip) {
        return Map.of(
                "metadata", meta(name, uid, Map.of("app.kubernetes.io/part-of", "shop"), List.of()),
                "spec",
                        Map.of(
                                "selector",
                                Map.of("app", app),
                                "clusterIP",
                                ip,
                                "ports",
                                List.of(Map.of("port", port))));
    }

    /** Three services: frontend (2 pods) and checkout as Kubernetes JSON, postgres in seed 001's Go-field form. */
    static Map<String, Object> shop(int postgresPods) {
        List<Object> pods = new ArrayList<>(List.of(
                pod("frontend-a", "pod-fa", "frontend", "10.0.0.1", owner("ReplicaSet", "frontend-rs", "rs-f")),
                pod("frontend-b", "pod-fb", "frontend", "10.0.0.2", owner("ReplicaSet", "frontend-rs", "rs-f")),
                pod("checkout-x", "pod-cx", "checkout", "10.0.0.3", owner("ReplicaSet", "checkout-rs", "rs-c"))));
        for (int i = 0; i < postgresPods; i++) {
            pods.add(Map.of(
                    "typemeta", Map.of("kind", "", "apiversion", ""),
                    "objectmeta",
                            Map.of(
                                    "name",
                                    "postgres-" + i,
                                    "namespace",
                                    "shop",
                                    "uid",
                                    "pod-pg" + i,
                                    "labels",
                                    Map.of("app", "postgres"),
                                    "ownerreferences",
                                    List.of(Map.of("kind", "StatefulSet", "name", "postgres", "uid", "sts-p"))),
                    "spec", Map.of("nodename", "node-1"),
                    "status", Map.of("phase", "Running", "podip", "10.0.0.1" + (i + 4), "conditions", List.of())));
        }
        Map<String, Object> postgresService = Map.of(
                "typemeta", Map.of("kind", "", "apiversion", ""),
                "objectmeta", Map.of("name", "postgres", "namespace", "shop", "uid", "svc-p", "labels", Map.of()),
                "spec",
                        Map.of(
                                "selector",
                                Map.of("app", "postgres"),
                                "clusterip",
                                "10.96.0.3",
                                "ports",
                                List.of(Map.of("port", 5432))));
        Map<String, Object> snapshot = new TreeMap<>();
        snapshot.put("namespace", "");
        snapshot.put("observedNamespaces", List.of("shop"));
        snapshot.put("namespaceList", List.of(Map.of("objectmeta", Map.of("name", "shop", "uid", "ns-1"))));
        snapshot.put("nodeList", List.of(Map.of("metadata", Map.of("name", "node-1", "uid", "node-1"))));
        snapshot.put(
                "serviceList",
                List.of(
                        service("frontend", "svc-f", "frontend", 80, "10.96.0.1"),
                        service("checkout", "svc-c", "checkout", 8080, "10.96.0.2"),
                        postgresService));
        snapshot.put("podList", pods);
        snapshot.put(
                "replicaSetList",
                List.of(
                        Map.of(
                                "metadata",
                                meta(
                                        "frontend-rs",
                                        "rs-f",
                                        Map.of(),
                                        List.of(owner("Deployment", "frontend", "dep-f"))),
                                "spec",
                                Map.of("replicas", 2)),
                        Map.of(
                                "metadata",
                                meta(
                                        "checkout-rs",
                                        "rs-c",
                                        Map.of(),
                                        List.of(owner("Deployment", "checkout", "dep-c"))),
                                "spec",
                                Map.of("replicas", 1))));
        snapshot.put("replicationControllerList", List.of());
        snapshot.put(
                "deploymentList",
                List.of(
                        Map.of(
                                "metadata",
                                meta("frontend", "dep-f", Map.of("region", "eu-west-1"), List.of()),
                                "spec",
                                Map.of("replicas", 2)),
                        Map.of(
                                "metadata",
                                meta("checkout", "dep-c", Map.of(), List.of()),
                                "spec",
                                Map.of("replicas", 1))));
        snapshot.put(
                "statefulSetList",
                List.of(Map.of(
                        "objectmeta",
                        Map.of("name", "postgres", "namespace", "shop", "uid", "sts-p"),
                        "spec",
                        Map.of("replicas", postgresPods))));
        snapshot.put("daemonSetList", List.of());
        snapshot.put("jobList", List.of());
        snapshot.put("cronJobList", List.of());
        return snapshot;
    }

    static Map<String, Object> connection(
            String sourcePod, String sourceIp, String destIp, int port, String svc, long count) {
        Map<String, Object> c = new TreeMap<>();
        c.put("sourceIP", sourceIp);
        c.put("destinationIP", destIp);
        c.put("destinationPort", port);
        c.put("sourcePodUID", sourcePod);
        c.put("destinationServiceUID", svc);
        c.put("destinationPodUID", "");
        c.put("process", "");
        c.put("count", count);
        return c;
    }

    static Map<String, Object> connections() {
        return Map.of(
                "nodeName",
                "node-1",
                "connectionList",
                List.of(
                        connection("pod-fa", "10.0.0.1", "10.96.0.2", 8080, "svc-c", 3),
                        connection("pod-fb", "10.0.0.2", "10.96.0.2", 8080, "svc-c", 3),
                        connection("pod-fa", "10.0.0.1", "142.250.1.1", 443, "", 2),
                        connection("pod-cx", "10.0.0.3", "10.96.0.3", 5432, "svc-p", 5)));
    }

    private JsonNode topology() {
        Api.Response topology = roles.viewer().get("/api/topology");
        assertThat(topology.status()).as(topology.text()).isEqualTo(200);
        return topology.json();
    }

    private static Map<String, String> nodes(JsonNode topology) {
        Map<String, String> nodes = new TreeMap<>();
        topology.get("nodes")
                .forEach(n -> nodes.put(
                        n.get("id").asString(),
                        n.get("type").asString() + "/" + n.get("replicas").asInt() + "/"
                                + n.get("health").asString()));
        return nodes;
    }

    private static Map<String, String> edges(JsonNode topology) {
        Map<String, String> edges = new TreeMap<>();
        topology.get("edges")
                .forEach(e -> edges.put(
                        e.get("source").asString() + "->" + e.get("target").asString(),
                        e.get("dependency_type").asString() + "/"
                                + e.get("weight").asDouble()));
        return edges;
    }

    private int revisions() {
        return roles.viewer()
                .get("/api/score-history?limit=100")
                .json()
                .get("history")
                .size();
    }

    @Test
    void aThreeServiceSnapshotAndItsConnectionsMakeTheExpectedGraph() throws IOException {
        String agent = agentToken("host1");
        HttpResponse<String> snapshot = upload(agent, shop(1));
        assertThat(snapshot.statusCode()).as(snapshot.body()).isEqualTo(201);
        HttpResponse<String> node = upload(agent, connections());
        assertThat(node.statusCode()).as(node.body()).isEqualTo(201);

        JsonNode topology = topology();
        assertThat(nodes(topology))
                .containsExactlyEntriesOf(new TreeMap<>(Map.of(
                        "142.250.1.1:443", "service/1/healthy",
                        "checkout.shop", "service/1/healthy",
                        "frontend.shop", "service/2/healthy",
                        "postgres.shop", "database/1/healthy")));
        assertThat(edges(topology))
                .containsExactlyEntriesOf(new TreeMap<>(Map.of(
                        "checkout.shop->postgres.shop", "hard/1.0",
                        "frontend.shop->142.250.1.1:443", "hard/0.25",
                        "frontend.shop->checkout.shop", "hard/0.75")));
        // the pods' team label reaches the component, where cost attribution groups by it
        JsonNode checkout = null;
        for (JsonNode n : topology.get("nodes")) {
            if (n.get("id").asString().equals("checkout.shop")) {
                checkout = n;
            }
        }
        assertThat(checkout).isNotNull();
        assertThat(checkout.get("labels").get("team").asString()).isEqualTo("payments");
        JsonNode agentView =
                roles.viewer().get(PATH + "/" + agent.split(" ")[0] + query()).json();
        JsonNode details = agentView.get("installationDetails").get("agentDetails");
        assertThat(details.get("status").asString()).isEqualTo("ACTIVE");
        assertThat(details.get("lastSnapshotBytes").asLong()).isGreaterThan(1000);
        assertThat(details.has("lastSnapshotAt")).isTrue();

        // a replay changes nothing
        int before = revisions();
        assertThat(upload(agent, connections()).body()).contains("\"replay\":true");
        assertThat(upload(agent, shop(1)).statusCode()).isEqualTo(201);
        assertThat(revisions()).isEqualTo(before);
        assertThat(topology()).isEqualTo(topology);
    }

    @Test
    void batchesAreSwappedInWhenCompleteAndAReplayedBatchChangesNothing() throws IOException {
        String agent = agentToken("host1");
        upload(agent, connections());
        Map<String, Object> whole = shop(2);
        Map<String, Object> first = new TreeMap<>(whole);
        Map<String, Object> second = new TreeMap<>(Map.of("podList", whole.get("podList"), "nodeList", List.of()));
        first.remove("podList");
        first.putAll(Map.of("snapshotID", "snap-1", "batch", 1, "batches", 2));
        second.putAll(Map.of("snapshotID", "snap-1", "batch", 2, "batches", 2));

        HttpResponse<String> one = upload(agent, first);
        assertThat(one.statusCode()).as(one.body()).isEqualTo(201);
        assertThat(one.body()).contains("\"complete\":false");
        // not in use yet: no pods known, so the connections have no source
        assertThat(topology().get("nodes")).isEmpty();
        assertThat(upload(agent, first).body()).contains("\"replay\":true");
        HttpResponse<String> two = upload(agent, second);
        assertThat(two.body()).contains("\"complete\":true");
        assertThat(nodes(topology())).containsEntry("postgres.shop", "database/2/healthy");
        int before = revisions();
        JsonNode after = topology();
        assertThat(upload(agent, second).body()).contains("\"replay\":true");
        assertThat(upload(agent, first).body()).contains("\"replay\":true");
        assertThat(revisions()).isEqualTo(before);
        assertThat(topology()).isEqualTo(after);
    }

    @Test
    void overridesSurviveRediscovery() throws IOException {
        String agent = agentToken("host1");
        upload(agent, shop(1));
        upload(agent, connections());
        String yaml = """
                components:
                  - {id: frontend.shop, name: frontend, type: service, replicas: 2}
                  - {id: checkout.shop, name: checkout, type: service}
                  - {id: postgres.shop, name: postgres, type: database, failover: true}
                  - {id: "142.250.1.1:443", type: service}
                edges:
                  - {source: frontend.shop, target: checkout.shop}
                  - {source: frontend.shop, target: "142.250.1.1:443", dependency_type: async}
                  - {source: checkout.shop, target: postgres.shop, dependency_type: soft}
                """;
        Api.Response imported = roles.admin().send("PUT", "/api/v1/topology", yaml, "application/yaml");
        assertThat(imported.status()).as(imported.text()).isEqualTo(200);
        // rediscovery: postgres now has two pods
        assertThat(upload(agent, shop(2)).statusCode()).isEqualTo(201);
        JsonNode topology = topology();
        assertThat(nodes(topology)).containsEntry("postgres.shop", "database/2/healthy");
        assertThat(edges(topology))
                .containsEntry("checkout.shop->postgres.shop", "soft/1.0")
                .containsEntry("frontend.shop->142.250.1.1:443", "async/0.25")
                .containsEntry("frontend.shop->checkout.shop", "hard/0.75");
    }

    @Test
    void uploadsAreRefusedAsSeed001Says() throws IOException {
        String agent = agentToken("host1");
        String id = agent.split(" ")[0];
        byte[] body = JSON.writeValueAsBytes(connections());
        assertThat(http("POST", PATH + "/" + id + "/data", "Token wrong", body, true)
                        .statusCode())
                .isEqualTo(401);
        assertThat(http("POST", PATH + "/" + id + "/data", null, body, true).statusCode())
                .isEqualTo(401);
        assertThat(http("POST", PATH + "/0123456789abcdef01234567/data", "Token " + agent.split(" ")[1], body, true)
                        .statusCode())
                .isEqualTo(404);
        HttpResponse<String> neither = upload(agent, Map.of("hello", "world"));
        assertThat(neither.statusCode()).isEqualTo(400);
        assertThat(neither.body()).contains("neither");
        HttpResponse<String> badPort = upload(
                agent,
                Map.of(
                        "nodeName",
                        "n",
                        "connectionList",
                        List.of(Map.of("destinationIP", "1.2.3.4", "destinationPort", 0, "sourcePodUID", "x"))));
        assertThat(badPort.statusCode()).isEqualTo(400);
        assertThat(badPort.body()).contains("connectionList[0].destinationPort");
        // gzip is taken only here; elsewhere 415
        HttpResponse<String> elsewhere =
                http("POST", "/api/v1/infrastructures", "Bearer " + tenant.adminKey(), "{}".getBytes(), true);
        assertThat(elsewhere.statusCode()).isEqualTo(415);
        // not gzip although it says so
        HttpRequest notGzip = HttpRequest.newBuilder(URI.create("http://localhost:" + port + PATH + "/" + id + "/data"))
                .header("Authorization", "Token " + agent.split(" ")[1])
                .header("Content-Encoding", "gzip")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        try {
            assertThat(http.send(notGzip, HttpResponse.BodyHandlers.ofString()).statusCode())
                    .isEqualTo(400);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // past the inflated cap (64 MB by default): 413, though the wire carries little
        StringBuilder big = new StringBuilder(65 * 1024 * 1024 + 64).append("{\"nodeName\":\"n\",\"pad\":\"");
        big.append("a".repeat(65 * 1024 * 1024)).append("\"}");
        HttpResponse<String> tooBig = upload(agent, big.toString());
        assertThat(tooBig.statusCode()).as(tooBig.body()).isEqualTo(413);
    }
}
