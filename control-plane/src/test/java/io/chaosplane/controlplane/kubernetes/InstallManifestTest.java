package io.chaosplane.controlplane.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosplane.controlplane.support.Fixtures;
import io.chaosplane.controlplane.support.IntegrationTest;
import io.chaosplane.controlplane.support.Keys.RoleMatrix;
import io.chaosplane.testsupport.Api;
import io.chaosplane.testsupport.TestClock;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** The manifest URL a Kubernetes infrastructure is created with: the chart's objects, filled in, opened by the token. */
@IntegrationTest
class InstallManifestTest {

    @LocalServerPort
    int port;

    @Autowired
    Fixtures fixtures;

    @Autowired
    TestClock clock;

    Api server;
    RoleMatrix roles;
    Fixtures.Tenant tenant;

    @BeforeEach
    void setUp() {
        server = new Api(port);
        tenant = fixtures.newTenant();
        roles = RoleMatrix.of(server, tenant);
    }

    private JsonNode create(String identifier) {
        Api.Response created = roles.admin()
                .post(
                        "/api/v1/infrastructures",
                        Map.of(
                                "identifier",
                                identifier,
                                "name",
                                identifier,
                                "type",
                                "Kubernetes",
                                "environmentIdentifier",
                                "demo"));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return created.json();
    }

    /** The manifest URL as kubectl would fetch it: no API key. */
    private Api.Response fetch(String manifestUrl) {
        URI uri = URI.create(manifestUrl);
        return server.get(uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
    }

    private static List<HasMetadata> parse(String yaml) {
        try (KubernetesClient parser = new KubernetesClientBuilder().build()) {
            return parser.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)))
                    .items();
        }
    }

    @Test
    void theManifestUrlStopsWorkingWhenItsTokenExpires() {
        String url = create("expiring").get("manifestUrl").asString();
        try {
            clock.advance(Duration.ofHours(23));
            assertThat(fetch(url).status()).isEqualTo(200);
            clock.advance(Duration.ofHours(1));

            Api.Response expired = fetch(url);

            assertThat(expired.status()).isEqualTo(401);
            assertThat(expired.text()).contains("install token expired at").doesNotContain("kind: Secret");
        } finally {
            clock.reset();
        }
    }

    @Test
    void creatingAKubernetesInfrastructureAnswersAManifestUrlWhoseYamlIsTheWholeObjectSet() {
        JsonNode created = create("prodecommerce");
        String id = created.get("infrastructure").get("id").asString();
        String token = created.get("installToken").asString();
        assertThat(created.has("installCommand")).isFalse();
        String url = created.get("manifestUrl").asString();
        assertThat(url).contains("/api/v1/infrastructures/" + id + "/manifest?token=" + token);

        Api.Response manifest = fetch(url);

        assertThat(manifest.status()).as(manifest.text()).isEqualTo(200);
        assertThat(manifest.contentType()).startsWith("application/yaml");
        List<HasMetadata> objects = parse(manifest.text());
        assertThat(objects)
                .extracting(HasMetadata::getKind)
                .containsExactly(
                        "Namespace",
                        "ServiceAccount",
                        "Secret",
                        "ConfigMap",
                        "ClusterRole",
                        "ClusterRoleBinding",
                        "Role",
                        "RoleBinding",
                        "Service",
                        "Deployment");
        Secret secret = (Secret) objects.get(2);
        assertThat(secret.getStringData())
                .containsEntry("INSTALL_TOKEN", token)
                .containsEntry("ACCOUNT_ID", tenant.accountId())
                .containsKeys("ACCESS_KEY", "LOG_SERVICE_URL", "LOG_SERVICE_TOKEN");
        ConfigMap config = (ConfigMap) objects.get(3);
        assertThat(config.getData())
                .containsEntry("INFRA_ID", id)
                .containsEntry("ENVIRONMENT_ID", "demo")
                .containsEntry("ORG_ID", "default")
                .containsEntry("PROJECT_ID", "default_project")
                .containsEntry("CHAOS_NAMESPACED", "false");
        // the cluster operator's policy (chart values policy.*): open by default, redirects checked hop by hop
        assertThat(config.getData())
                .containsEntry("POLICY_FAULTS", "")
                .containsEntry("POLICY_NAMESPACES", "")
                .containsEntry("POLICY_LABELS", "")
                .containsEntry("POLICY_MAX_DURATION", "")
                .containsEntry("POLICY_PROBE_DESTINATIONS", "")
                .containsEntry("POLICY_PROBE_REDIRECTS", "true");
        assertThat(config.getData().get("KUBERNETES_INFRA_SERVICE_ENDPOINT")).endsWith("/chaos/kserver/api");
        assertThat(objects)
                .allSatisfy(object ->
                        assertThat(object.getMetadata().getNamespace()).isIn(null, "chaosplane"));
    }

    @Test
    void theManifestIsTheChartRenderedWithNothingOfItsOwn() throws Exception {
        Path templates = Path.of("../deploy/helm/chaosplane-agent-k8s/templates");
        try (Stream<Path> files = Files.list(templates)) {
            assertThat(files.map(file -> file.getFileName().toString()))
                    .containsExactlyInAnyOrderElementsOf(InstallManifests.TEMPLATES);
        }
        JsonNode created = create("cluster_b");
        String manifest = fetch(created.get("manifestUrl").asString()).text();
        for (String template : InstallManifests.TEMPLATES) {
            assertThat(manifest).contains("# Source: chaosplane-agent-k8s/templates/" + template);
        }
    }

    @Test
    void aNamespacedInstallHasNoClusterWideRights() {
        JsonNode created = create("team_cluster");
        Api.Response manifest = fetch(
                created.get("manifestUrl").asString() + "&namespace=team-a&namespaced=true&createNamespace=false");

        List<HasMetadata> objects = parse(manifest.text());
        assertThat(objects)
                .extracting(HasMetadata::getKind)
                .containsExactly(
                        "ServiceAccount", "Secret", "ConfigMap", "Role", "RoleBinding", "Service", "Deployment");
        assertThat(objects)
                .allSatisfy(object ->
                        assertThat(object.getMetadata().getNamespace()).isEqualTo("team-a"));
        assertThat(((ConfigMap) objects.get(2)).getData()).containsEntry("CHAOS_NAMESPACED", "true");
    }

    @Test
    void aWrongMissingOrUsedTokenOpensNothing() {
        JsonNode created = create("guarded");
        String id = created.get("infrastructure").get("id").asString();
        String token = created.get("installToken").asString();

        assertThat(server.get("/api/v1/infrastructures/" + id + "/manifest?token=wrong")
                        .status())
                .isEqualTo(401);
        Api.Response missing = server.get("/api/v1/infrastructures/" + id + "/manifest");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().get("errors").get(0).get("field").asString()).isEqualTo("token");
        Api.Response badNamespace =
                server.get("/api/v1/infrastructures/" + id + "/manifest?token=" + token + "&namespace=Not_A_Namespace");
        assertThat(badNamespace.status()).isEqualTo(400);
        assertThat(badNamespace.json().get("errors").get(0).get("field").asString())
                .isEqualTo("namespace");

        assertThat(server.post(
                                "/chaos/kserver/api/infra/confirm",
                                Map.of("hostname", "h", "version", "1"),
                                "X-Infra-ID",
                                id,
                                "X-Access-Key",
                                token)
                        .status())
                .isEqualTo(200);
        assertThat(server.get("/api/v1/infrastructures/" + id + "/manifest?token=" + token)
                        .status())
                .isEqualTo(401);
    }

    @Test
    void anotherTenantsTokenOrALinuxInfrastructureHasNoManifest() {
        JsonNode mine = create("mine");
        JsonNode theirs = RoleMatrix.of(server, fixtures.newTenant())
                .admin()
                .post("/api/v1/infrastructures", Map.of("identifier", "theirs", "name", "theirs", "type", "Kubernetes"))
                .json();
        assertThat(server.get("/api/v1/infrastructures/"
                                + theirs.get("infrastructure").get("id").asString() + "/manifest?token="
                                + mine.get("installToken").asString())
                        .status())
                .isEqualTo(401);

        JsonNode linux = roles.admin()
                .post("/api/v1/infrastructures", Map.of("identifier", "host", "name", "host"))
                .json();
        assertThat(linux.has("manifestUrl")).isFalse();
        assertThat(server.get("/api/v1/infrastructures/"
                                + linux.get("infrastructure").get("id").asString() + "/manifest?token="
                                + linux.get("installToken").asString())
                        .status())
                .isEqualTo(404);
    }

    @Test
    void onlyAdminsCreateKubernetesInfrastructures() {
        for (Api weak : new Api[] {roles.viewer(), roles.operator()}) {
            assertThat(weak.post(
                                    "/api/v1/infrastructures",
                                    Map.of("identifier", "nope", "name", "nope", "type", "Kubernetes"))
                            .status())
                    .isEqualTo(403);
        }
    }
}
