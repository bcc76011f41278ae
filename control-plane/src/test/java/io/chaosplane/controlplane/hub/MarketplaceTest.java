package io.chaosplane.controlplane.hub;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.chaosplane.controlplane.support.FakeAgent;
import io.chaosplane.controlplane.support.Fixtures;
import io.chaosplane.controlplane.support.IntegrationTest;
import io.chaosplane.controlplane.support.Keys;
import io.chaosplane.controlplane.support.Keys.RoleMatrix;
import io.chaosplane.testsupport.Api;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@IntegrationTest
class MarketplaceTest {

    /** A package of the test's own hub: one blackhole experiment towards a parameter's hosts. */
    private static final String TEAM_PACKAGE = """
            id: team-blackhole
            name: Team blackhole
            version: 2.0.0
            category: network
            provider: linux
            description: The team's own partition drill.
            faults: [linux-network-blackhole]
            requirements: [A Linux infrastructure]
            parameters:
              - {name: infrastructure, description: The Linux infrastructure}
              - {name: hosts, description: Hosts to cut off, default: "10.0.0.1"}
            experiments:
              - apiVersion: chaos.chaosplane.io/v1alpha1
                kind: ChaosExperiment
                metadata: {name: team-blackhole}
                spec:
                  target: {kind: Linux, infrastructure: "${infrastructure}"}
                  action: {type: linux-network-blackhole, parameters: {DestinationHosts: "${hosts}"}}
                  duration: 30s
            """;

    private static final String TAMPERED_PACKAGE = TEAM_PACKAGE.replace("team-blackhole", "team-tampered");

    @LocalServerPort
    int port;

    @Autowired
    Fixtures fixtures;

    @TempDir
    Path temp;

    Api server;
    Fixtures.Tenant tenant;
    RoleMatrix roles;

    @BeforeEach
    void setUp() {
        server = new Api(port);
        tenant = fixtures.newTenant();
        roles = RoleMatrix.of(server, tenant);
    }

    private static List<String> ids(JsonNode list) {
        return StreamSupport.stream(list.get("items").spliterator(), false)
                .map(p -> p.get("id").asString())
                .toList();
    }

    private Api.Response install(Api caller, String id, Map<String, String> parameters) {
        return caller.post("/api/marketplace/install/" + id, Map.of("parameters", parameters));
    }

    @Nested
    class TheBuiltInHub {

        @Test
        void listsItsPackagesWithParametersAndFiltersByCategoryAndProvider() {
            JsonNode all = roles.viewer().get("/api/marketplace/packages").json();
            assertThat(ids(all))
                    .contains(
                            "chaosplane:linux-cpu-burn",
                            "chaosplane:dependency-blackhole",
                            "chaosplane:dns-outage",
                            "chaosplane:degraded-network-gameday",
                            "chaosplane:pod-delete");
            JsonNode cpu = StreamSupport.stream(all.get("items").spliterator(), false)
                    .filter(p -> p.get("id").asString().equals("chaosplane:linux-cpu-burn"))
                    .findFirst()
                    .orElseThrow();
            assertThat(cpu.get("verified").asBoolean()).isTrue();
            // the built-in index's checksums are those of the files in the jar: a package edited without them fails
            assertThat(all.get("items"))
                    .filteredOn(p -> p.get("hub").asString().equals("chaosplane"))
                    .allMatch(p -> p.get("verified").asBoolean());
            assertThat(cpu.get("faults").get(0).asString()).isEqualTo("linux-cpu-stress");
            assertThat(cpu.get("parameters").get(0).get("name").asString()).isEqualTo("infrastructure");
            assertThat(cpu.get("parameters").get(0).get("default").isNull()).isTrue();
            assertThat(cpu.get("content").isNull()).isTrue();

            assertThat(ids(roles.viewer()
                            .get("/api/v1/marketplace/packages?category=network")
                            .json()))
                    .containsExactlyInAnyOrder(
                            "chaosplane:dependency-blackhole", "chaosplane:degraded-network-gameday");
            assertThat(ids(roles.viewer()
                            .get("/api/marketplace/packages?provider=kubernetes")
                            .json()))
                    .containsExactly("chaosplane:pod-delete");
            assertThat(roles.viewer()
                            .get("/api/marketplace/packages/chaosplane:dns-outage")
                            .json()
                            .get("content")
                            .asString())
                    .contains("linux-dns-error");
            assertThat(roles.viewer()
                            .get("/api/marketplace/packages/chaosplane:nope")
                            .status())
                    .isEqualTo(404);
        }

        @Test
        void installingCreatesTheExperimentsNotRunAndInstallingAgainUpdates() {
            FakeAgent.install(server, roles.admin(), "hub_host");
            Api.Response first =
                    install(roles.admin(), "chaosplane:linux-cpu-burn", Map.of("infrastructure", "hub_host"));
            assertThat(first.status()).as(first.text()).isEqualTo(200);
            assertThat(first.json().get("change").asString()).isEqualTo("created");
            JsonNode experiment =
                    roles.viewer().get("/api/v1/experiments/default/cpu-burn").json();
            assertThat(experiment
                            .get("spec")
                            .get("action")
                            .get("parameters")
                            .get("Load")
                            .asString())
                    .isEqualTo("80");
            assertThat(roles.viewer()
                            .get("/api/v1/experiments/default/cpu-burn/runs")
                            .json()
                            .get("total")
                            .asInt())
                    .isZero();

            JsonNode same = install(roles.admin(), "chaosplane:linux-cpu-burn", Map.of("infrastructure", "hub_host"))
                    .json();
            assertThat(same.get("change").asString()).isEqualTo("unchanged");

            JsonNode updated = install(
                            roles.admin(),
                            "chaosplane:linux-cpu-burn",
                            Map.of("infrastructure", "hub_host", "load", "50"))
                    .json();
            assertThat(updated.get("change").asString()).isEqualTo("updated");
            assertThat(updated.get("experiments").get(0).get("change").asString())
                    .isEqualTo("updated");
            assertThat(roles.viewer()
                            .get("/api/v1/experiments?pageSize=100")
                            .json()
                            .get("total")
                            .asInt())
                    .isEqualTo(1);
            assertThat(roles.viewer()
                            .get("/api/v1/experiments/default/cpu-burn")
                            .json()
                            .get("spec")
                            .get("action")
                            .get("parameters")
                            .get("Load")
                            .asString())
                    .isEqualTo("50");
        }

        @Test
        void aWorkflowPackageWaitsForReviewAndIsReplacedOnReinstall() {
            FakeAgent.install(server, roles.admin(), "gameday_host");
            Map<String, String> parameters = Map.of("infrastructure", "gameday_host", "hosts", "10.1.2.3");
            JsonNode first = install(roles.admin(), "chaosplane:degraded-network-gameday", parameters)
                    .json();
            assertThat(first.get("workflows").get(0).get("change").asString()).isEqualTo("created");
            JsonNode workflow = roles.viewer()
                    .get("/api/v1/workflows/default/degraded-network-gameday")
                    .json();
            assertThat(workflow.get("status").get("phase").asString()).isEqualTo("Suspended");

            JsonNode again = install(
                            roles.admin(),
                            "chaosplane:degraded-network-gameday",
                            Map.of("infrastructure", "gameday_host", "hosts", "10.1.2.4"))
                    .json();
            assertThat(again.get("change").asString()).isEqualTo("updated");
            assertThat(again.get("workflows").get(0).get("change").asString()).isEqualTo("updated");
            assertThat(roles.viewer()
                            .get("/api/v1/workflows?pageSize=100")
                            .json()
                            .get("total")
                            .asInt())
                    .isEqualTo(1);
            assertThat(roles.viewer()
                            .get("/api/v1/workflows/default/degraded-network-gameday")
                            .json()
                            .get("status")
                            .get("phase")
                            .asString())
                    .isEqualTo("Suspended");
        }

        /**
         * Installing writes experiments, so it follows experiment creation's rule exactly: a project admin (an
         * account-wide one or one whose key is limited to the project) may, an operator or viewer is 403, and an
         * account the caller is not a member of is 404, for both alike.
         */
        @Test
        void installIsAllowedExactlyToThoseWhoMayCreateExperiments() {
            FakeAgent.install(server, roles.admin(), "rule_host");
            Fixtures.Tenant stranger = fixtures.newTenant();
            String ours = "?accountIdentifier=" + tenant.accountId();
            Map<String, Api> callers = new java.util.LinkedHashMap<>();
            callers.put("viewer", roles.viewer());
            callers.put("operator", roles.operator());
            callers.put(
                    "project operator",
                    server.withKey(Keys.issue(roles.admin(), "operator", "default", "default_project")));
            callers.put("another tenant's admin", server.withKey(stranger.adminKey()));
            callers.put(
                    "another tenant's person",
                    fixtures.newPerson(stranger.accountId(), "admin").api(port));
            callers.put("admin", roles.admin());
            // only a person may issue an admin key
            Api person = fixtures.newPerson(tenant.accountId(), "admin").api(port);
            callers.put("project admin", server.withKey(Keys.issue(person, "admin", "default", "default_project")));
            Map<String, Integer> expected = Map.of(
                    "viewer", 403,
                    "operator", 403,
                    "project operator", 403,
                    "another tenant's admin", 404,
                    "another tenant's person", 404,
                    "admin", 200,
                    "project admin", 200);
            int n = 0;
            for (Map.Entry<String, Api> caller : callers.entrySet()) {
                n++;
                Api.Response created = caller.getValue()
                        .post(
                                "/api/v1/experiments" + ours,
                                Map.of(
                                        "apiVersion",
                                        "chaos.chaosplane.io/v1alpha1",
                                        "kind",
                                        "ChaosExperiment",
                                        "metadata",
                                        Map.of("name", "rule-" + n),
                                        "spec",
                                        Map.of(
                                                "target", Map.of("infrastructure", "rule_host"),
                                                "action",
                                                        Map.of(
                                                                "type",
                                                                "linux-cpu-stress",
                                                                "parameters",
                                                                Map.of("Load", "10")),
                                                "duration", "10s")));
                Api.Response installed = caller.getValue()
                        .post(
                                "/api/marketplace/install/chaosplane:linux-cpu-burn" + ours,
                                Map.of("parameters", Map.of("infrastructure", "rule_host")));
                int wanted = expected.get(caller.getKey());
                assertThat(installed.status())
                        .as(caller.getKey() + ": " + installed.text())
                        .isEqualTo(wanted);
                assertThat(created.status())
                        .as(caller.getKey() + " creating an experiment: " + created.text())
                        .isEqualTo(wanted == 200 ? 201 : wanted);
            }
            // only the admins' experiments are there: two created, and the package's one, installed then unchanged
            assertThat(roles.viewer()
                            .get("/api/v1/experiments?pageSize=100")
                            .json()
                            .get("total")
                            .asInt())
                    .isEqualTo(3);
            assertThat(server.withKey(stranger.adminKey())
                            .get("/api/v1/experiments?pageSize=100")
                            .json()
                            .get("total")
                            .asInt())
                    .isZero();
        }

        @Test
        void badInputWrongRoleAndAnotherTenant() {
            Api.Response missing = install(roles.admin(), "chaosplane:dependency-blackhole", Map.of());
            assertThat(missing.status()).isEqualTo(400);
            assertThat(missing.text()).contains("parameters.infrastructure").contains("parameters.hosts");
            Api.Response unknown =
                    install(roles.admin(), "chaosplane:linux-cpu-burn", Map.of("infrastructure", "x", "colour", "red"));
            assertThat(unknown.status()).isEqualTo(400);
            assertThat(unknown.text()).contains("parameters.colour");
            Api.Response noInfra =
                    install(roles.admin(), "chaosplane:linux-cpu-burn", Map.of("infrastructure", "no_such_host"));
            assertThat(noInfra.status()).isIn(400, 404);
            assertThat(install(roles.admin(), "chaosplane:nope", Map.of()).status())
                    .isEqualTo(404);
            assertThat(install(roles.operator(), "chaosplane:linux-cpu-burn", Map.of("infrastructure", "x"))
                            .status())
                    .isEqualTo(403);
            assertThat(install(roles.viewer(), "chaosplane:linux-cpu-burn", Map.of("infrastructure", "x"))
                            .status())
                    .isEqualTo(403);
            Api other = server.withKey(fixtures.newTenant().adminKey());
            assertThat(other.post(
                                    "/api/marketplace/install/chaosplane:linux-cpu-burn"
                                            + "?organizationIdentifier=default&projectIdentifier=nope",
                                    Map.of("parameters", Map.of("infrastructure", "x")))
                            .status())
                    .isEqualTo(404);
            assertThat(roles.viewer()
                            .get("/api/v1/experiments?pageSize=100")
                            .json()
                            .get("total")
                            .asInt())
                    .isZero();
        }
    }

    @Nested
    class AGitHub {

        private Path repository;

        private void git(String... args) throws IOException, InterruptedException {
            List<String> command = new ArrayList<>(List.of(
                    "git", "-c", "user.name=test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false"));
            command.addAll(List.of(args));
            Process process = new ProcessBuilder(command)
                    .directory(repository.toFile())
                    .redirectErrorStream(true)
                    .start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as(output).isZero();
        }

        /** A repository with the team's package and one changed after its SHA-256 went into the index. */
        @BeforeEach
        void createRepository() throws Exception {
            repository = Files.createDirectories(temp.resolve("hub"));
            Files.createDirectories(repository.resolve("packages"));
            Files.writeString(repository.resolve("packages/team.yaml"), TEAM_PACKAGE);
            Files.writeString(repository.resolve("packages/tampered.yaml"), TAMPERED_PACKAGE + "# changed\n");
            Files.writeString(repository.resolve("index.yaml"), """
                    packages:
                      - {path: packages/team.yaml, sha256: %s}
                      - {path: packages/tampered.yaml, sha256: %s}
                    """.formatted(
                            MarketplaceService.sha256(TEAM_PACKAGE), MarketplaceService.sha256(TAMPERED_PACKAGE)));
            git("init", "--quiet", "--initial-branch=main");
            git("add", ".");
            git("commit", "--quiet", "-m", "hub");
        }

        private JsonNode addAndRead() {
            Api.Response added = roles.admin()
                    .post(
                            "/api/marketplace/hubs",
                            Map.of(
                                    "identifier",
                                    "team",
                                    "kind",
                                    "git",
                                    "url",
                                    repository.toUri().toString(),
                                    "ref",
                                    "main"));
            assertThat(added.status()).as(added.text()).isEqualTo(201);
            assertThat(added.json().get("last_read_at").isNull()).isTrue();
            Api.Response read = roles.admin().postRaw("/api/marketplace/hubs/team/refresh", "", "application/json");
            assertThat(read.status()).as(read.text()).isEqualTo(200);
            return read.json();
        }

        @Test
        void itsPackagesAreReadCachedAndInstalledAndATamperedOneIsRefused() {
            JsonNode hub = addAndRead();
            assertThat(hub.get("packages").asInt()).isEqualTo(2);
            assertThat(hub.get("last_error").isNull()).isTrue();
            assertThat(hub.get("last_read_at").isNull()).isFalse();

            JsonNode network = roles.viewer()
                    .get("/api/marketplace/packages?category=network&pageSize=100")
                    .json();
            assertThat(ids(network)).contains("team:team-blackhole", "team:team-tampered");
            JsonNode team = StreamSupport.stream(network.get("items").spliterator(), false)
                    .filter(p -> p.get("id").asString().equals("team:team-blackhole"))
                    .findFirst()
                    .orElseThrow();
            assertThat(team.get("verified").asBoolean()).isTrue();
            assertThat(team.get("hub_last_read_at").asString())
                    .isEqualTo(hub.get("last_read_at").asString());

            FakeAgent.install(server, roles.admin(), "team_host");
            Api.Response installed =
                    install(roles.admin(), "team:team-blackhole", Map.of("infrastructure", "team_host"));
            assertThat(installed.status()).as(installed.text()).isEqualTo(200);
            assertThat(roles.viewer()
                            .get("/api/v1/experiments/default/team-blackhole")
                            .json()
                            .get("spec")
                            .get("action")
                            .get("parameters")
                            .get("DestinationHosts")
                            .asString())
                    .isEqualTo("10.0.0.1");

            Api.Response tampered = install(roles.admin(), "team:team-tampered", Map.of("infrastructure", "team_host"));
            assertThat(tampered.status()).isEqualTo(409);
            assertThat(tampered.text()).contains("SHA-256");
            assertThat(roles.viewer()
                            .get("/api/v1/experiments/default/team-tampered")
                            .status())
                    .isEqualTo(404);
        }

        @Test
        void anUnreachableHubKeepsItsCachedPackagesAndSaysWhenItWasLastRead() throws Exception {
            JsonNode first = addAndRead();
            try (var paths = Files.walk(repository)) {
                paths.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }

            JsonNode again = roles.admin()
                    .postRaw("/api/marketplace/hubs/team/refresh", "", "application/json")
                    .json();
            assertThat(again.get("last_error").asString()).startsWith("git clone failed");
            assertThat(again.get("last_read_at").asString())
                    .isEqualTo(first.get("last_read_at").asString());
            assertThat(again.get("packages").asInt()).isEqualTo(2);
            assertThat(ids(roles.viewer()
                            .get("/api/marketplace/packages?pageSize=100")
                            .json()))
                    .contains("team:team-blackhole");

            assertThat(roles.admin()
                            .get("/api/marketplace/hubs")
                            .json()
                            .get(0)
                            .get("last_error")
                            .asString())
                    .startsWith("git clone failed");
            assertThat(roles.admin().delete("/api/marketplace/hubs/team").status())
                    .isEqualTo(204);
            assertThat(ids(roles.viewer()
                            .get("/api/marketplace/packages?pageSize=100")
                            .json()))
                    .doesNotContain("team:team-blackhole");
        }

        @Test
        void hubsAreAnAccountAdminsAndCheckedAndAnotherTenantDoesNotSeeThem() {
            addAndRead();
            Map<String, String> hub =
                    Map.of("identifier", "other", "kind", "git", "url", "https://example.com/hub.git");
            assertThat(roles.operator().post("/api/marketplace/hubs", hub).status())
                    .isEqualTo(403);
            assertThat(roles.operator().get("/api/marketplace/hubs").status()).isEqualTo(403);
            assertThat(roles.operator()
                            .postRaw("/api/marketplace/hubs/team/refresh", "", "application/json")
                            .status())
                    .isEqualTo(403);
            Api.Response bad = roles.admin()
                    .post(
                            "/api/marketplace/hubs",
                            Map.of("identifier", "Bad Id", "kind", "svn", "url", "ext::sh -c touch% /tmp/x"));
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.text()).contains("identifier").contains("kind");
            Api.Response option = roles.admin()
                    .post(
                            "/api/marketplace/hubs",
                            Map.of("identifier", "opt", "kind", "git", "url", "--upload-pack=x"));
            assertThat(option.status()).isEqualTo(400);
            assertThat(option.text()).contains("url");
            Api.Response twice = roles.admin()
                    .post(
                            "/api/marketplace/hubs",
                            Map.of("identifier", "team", "kind", "http", "url", "https://example.com/hub/"));
            assertThat(twice.status()).isEqualTo(409);
            assertThat(roles.admin().delete("/api/marketplace/hubs/nope").status())
                    .isEqualTo(404);

            Api other = server.withKey(fixtures.newTenant().adminKey());
            assertThat(other.get("/api/marketplace/hubs").json()).isEmpty();
            assertThat(ids(other.get("/api/marketplace/packages?pageSize=100").json()))
                    .noneMatch(id -> id.startsWith("team:"));
            assertThat(other.postRaw("/api/marketplace/hubs/team/refresh", "", "application/json")
                            .status())
                    .isEqualTo(404);
        }
    }

    /** A hub served over HTTP by a JDK server the test runs: an index and the package files it names. */
    @Nested
    class AnHttpHub {

        private final Map<String, String> files = new java.util.concurrent.ConcurrentHashMap<>();
        private final List<String> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
        private HttpServer http;
        private String url;

        @BeforeEach
        void serve() throws IOException {
            files.put("/hub/packages/team.yaml", TEAM_PACKAGE);
            files.put("/hub/packages/tampered.yaml", TAMPERED_PACKAGE + "# changed after the index\n");
            files.put("/hub/index.yaml", """
                    packages:
                      - {path: packages/team.yaml, sha256: %s}
                      - {path: packages/tampered.yaml, sha256: %s}
                    """.formatted(
                            MarketplaceService.sha256(TEAM_PACKAGE), MarketplaceService.sha256(TAMPERED_PACKAGE)));
            http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            http.createContext("/", exchange -> {
                String path = exchange.getRequestURI().getPath();
                asked.add(path);
                String body = files.get(path);
                byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : bytes.length);
                try (var out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            });
            http.start();
            url = "http://127.0.0.1:" + http.getAddress().getPort() + "/hub/";
        }

        @AfterEach
        void stop() {
            http.stop(0);
        }

        private JsonNode addAndSync() {
            Api.Response added = roles.admin()
                    .post("/api/v1/marketplace/hubs", Map.of("identifier", "web", "kind", "http", "url", url));
            assertThat(added.status()).as(added.text()).isEqualTo(201);
            assertThat(asked).as("nothing is read before a refresh").isEmpty();
            Api.Response read = roles.admin().postRaw("/api/v1/marketplace/hubs/web/refresh", "", "application/json");
            assertThat(read.status()).as(read.text()).isEqualTo(200);
            return read.json();
        }

        @Test
        void itsPackagesAreSyncedAndInstalledAndATamperedOneIsRefusedByItsChecksum() {
            JsonNode hub = addAndSync();
            assertThat(hub.get("kind").asString()).isEqualTo("http");
            assertThat(hub.get("packages").asInt()).isEqualTo(2);
            assertThat(hub.get("last_error").isNull()).isTrue();
            assertThat(asked).contains("/hub/index.yaml", "/hub/packages/team.yaml", "/hub/packages/tampered.yaml");

            JsonNode listed = roles.viewer()
                    .get("/api/marketplace/packages?provider=linux&pageSize=100")
                    .json();
            assertThat(ids(listed)).contains("web:team-blackhole", "web:team-tampered");
            JsonNode tamperedView = roles.viewer()
                    .get("/api/marketplace/packages/web:team-tampered")
                    .json();
            assertThat(tamperedView.get("verified").asBoolean()).isFalse();
            assertThat(roles.viewer()
                            .get("/api/marketplace/packages/web:team-blackhole")
                            .json()
                            .get("verified")
                            .asBoolean())
                    .isTrue();

            FakeAgent.install(server, roles.admin(), "web_host");
            Api.Response installed = install(
                    roles.admin(), "web:team-blackhole", Map.of("infrastructure", "web_host", "hosts", "10.9.8.7"));
            assertThat(installed.status()).as(installed.text()).isEqualTo(200);
            assertThat(installed.json().get("change").asString()).isEqualTo("created");
            assertThat(roles.viewer()
                            .get("/api/v1/experiments/default/team-blackhole")
                            .json()
                            .get("spec")
                            .get("action")
                            .get("parameters")
                            .get("DestinationHosts")
                            .asString())
                    .isEqualTo("10.9.8.7");

            Api.Response tampered = install(roles.admin(), "web:team-tampered", Map.of("infrastructure", "web_host"));
            assertThat(tampered.status()).isEqualTo(409);
            assertThat(tampered.json().get("error").asString())
                    .contains("does not match the SHA-256 its hub declares")
                    .contains(MarketplaceService.sha256(TAMPERED_PACKAGE))
                    .contains("not installed");
            assertThat(roles.viewer()
                            .get("/api/v1/experiments/default/team-tampered")
                            .status())
                    .isEqualTo(404);
        }

        @Test
        void anUnreachableHubSaysSoAndKeepsItsCachedPackages() {
            JsonNode first = addAndSync();
            http.stop(0);

            Api.Response again = roles.admin().postRaw("/api/v1/marketplace/hubs/web/refresh", "", "application/json");
            assertThat(again.status()).as(again.text()).isEqualTo(200);
            String port = String.valueOf(http.getAddress().getPort());
            assertThat(again.json().get("last_error").asString())
                    .isEqualTo("cannot connect to the hub at http://127.0.0.1:" + port);
            assertThat(again.json().get("last_read_at").asString())
                    .isEqualTo(first.get("last_read_at").asString());
            assertThat(again.json().get("last_tried_at").asString())
                    .isNotEqualTo(first.get("last_tried_at").asString());
            assertThat(again.json().get("packages").asInt()).isEqualTo(2);
            JsonNode kept = roles.viewer()
                    .get("/api/marketplace/packages/web:team-blackhole")
                    .json();
            assertThat(kept.get("hub_last_read_at").asString())
                    .isEqualTo(first.get("last_read_at").asString());
            FakeAgent.install(server, roles.admin(), "kept_host");
            assertThat(install(roles.admin(), "web:team-blackhole", Map.of("infrastructure", "kept_host"))
                            .status())
                    .as("a cached package still installs")
                    .isEqualTo(200);
        }

        @Test
        void aPackageTheIndexNamesButTheServerDoesNotHaveIsAnErrorAndTheCacheStays() {
            addAndSync();
            files.remove("/hub/packages/team.yaml");
            JsonNode again = roles.admin()
                    .postRaw("/api/v1/marketplace/hubs/web/refresh", "", "application/json")
                    .json();
            assertThat(again.get("last_error").asString()).isEqualTo("packages/team.yaml: HTTP 404");
            assertThat(again.get("packages").asInt()).isEqualTo(2);
        }
    }
}
