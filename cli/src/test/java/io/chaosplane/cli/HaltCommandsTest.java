package io.chaosplane.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** halt, halts and halts lift against a control plane that a test scripts. */
class HaltCommandsTest {

    private static final String HALT = """
            {"id":"h1","scope":"project","organizationIdentifier":"default","projectIdentifier":"shop",
             "environmentIdentifier":null,"infrastructureId":null,"reason":"incident 4711","createdBy":"apikey:ci",
             "createdAt":"2026-12-03T16:00:00Z","runsStopped":3,"faultsReverting":2,"active":true,
             "liftedBy":null,"liftedAt":null}""";

    @TempDir
    Path dir;

    FakeControlPlane server;
    Sessions cli;

    @BeforeEach
    void start() throws Exception {
        server = new FakeControlPlane();
        cli = new Sessions(dir, Map.of("CHAOSPLANE_SERVER", server.url(), "CHAOSPLANE_API_KEY", "cp_live_test"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void haltPostsTheScopeTheReasonAndTheIdempotencyKey() {
        server.on("POST /api/v1/halts", 201, HALT);

        assertThat(cli.run(
                        "halt",
                        "--scope",
                        "project",
                        "--org",
                        "default",
                        "--project",
                        "shop",
                        "--reason",
                        "incident 4711",
                        "--idempotency-key",
                        "incident-4711"))
                .isZero();

        FakeControlPlane.Request request = server.requests.getFirst();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/api/v1/halts");
        assertThat(request.apiKey()).isEqualTo("cp_live_test");
        assertThat(request.headers())
                .containsEntry("idempotency-key", "incident-4711")
                .containsEntry("content-type", "application/json");
        assertThat(ApiClient.JSON.readTree(request.body())).isEqualTo(ApiClient.JSON.readTree("""
                        {"scope":"project","organizationIdentifier":"default","projectIdentifier":"shop",
                         "reason":"incident 4711"}"""));
        String[] table = cli.out.toString().split("\n");
        assertThat(table[0]).startsWith("ID").contains("SCOPE", "RUNS STOPPED", "FAULTS REVERTING", "REASON");
        assertThat(table[1]).startsWith("h1").contains("project", "shop", "true", "apikey:ci", "incident 4711");
        assertThat(table).hasSize(2);
    }

    @Test
    void eachScopeSendsOnlyTheIdentifiersItNeeds() {
        server.on("POST /api/v1/halts", 201, HALT);

        assertThat(cli.run("halt", "--scope", "account", "--org", "default", "--reason", "all"))
                .isZero();
        assertThat(cli.run(
                        "halt",
                        "--scope",
                        "infrastructure",
                        "--infra",
                        "0b6f7c1e-4a4e-4d8e-9a57-1d2f0c6f4b11",
                        "--reason",
                        "host"))
                .isZero();
        assertThat(cli.run(
                        "halt",
                        "--scope",
                        "environment",
                        "--org",
                        "o",
                        "--project",
                        "p",
                        "--environment",
                        "prod",
                        "--reason",
                        "env"))
                .isZero();

        assertThat(ApiClient.JSON.readTree(server.requests.get(0).body()))
                .isEqualTo(ApiClient.JSON.readTree("{\"scope\":\"account\",\"reason\":\"all\"}"));
        assertThat(ApiClient.JSON.readTree(server.requests.get(1).body()))
                .isEqualTo(
                        ApiClient.JSON.readTree(
                                "{\"scope\":\"infrastructure\",\"infrastructureId\":\"0b6f7c1e-4a4e-4d8e-9a57-1d2f0c6f4b11\",\"reason\":\"host\"}"));
        assertThat(ApiClient.JSON.readTree(server.requests.get(2).body())).isEqualTo(ApiClient.JSON.readTree("""
                        {"scope":"environment","organizationIdentifier":"o","projectIdentifier":"p",
                         "environmentIdentifier":"prod","reason":"env"}"""));
        assertThat(server.requests.get(0).headers()).doesNotContainKey("idempotency-key");
    }

    @Test
    void aScopeWithoutItsIdentifiersIsUsageBeforeAnyRequest() {
        assertThat(cli.run("halt", "--scope", "project", "--org", "default", "--reason", "x"))
                .isEqualTo(ExitCode.USAGE);
        assertThat(cli.err.toString()).contains("a halt of scope project needs --project");
        assertThat(cli.run("halt", "--scope", "infrastructure", "--reason", "x"))
                .isEqualTo(ExitCode.USAGE);
        assertThat(cli.err.toString()).contains("needs --infra");
        assertThat(cli.run("halt", "--scope", "infrastructure", "--infra", "i1", "--reason", "x"))
                .isEqualTo(ExitCode.USAGE);
        assertThat(cli.err.toString()).contains("--infra must be an infrastructure's id");
        assertThat(cli.run("halt", "--scope", "environment", "--org", "o", "--project", "p", "--reason", "x"))
                .isEqualTo(ExitCode.USAGE);
        assertThat(cli.err.toString()).contains("needs --environment");
        assertThat(cli.run("halt", "--scope", "galaxy", "--reason", "x")).isEqualTo(ExitCode.USAGE);
        assertThat(cli.run("halt", "--scope", "account")).isEqualTo(ExitCode.USAGE);
        assertThat(cli.run("halt", "--scope", "account", "--reason", " ")).isEqualTo(ExitCode.USAGE);
        assertThat(server.requests).isEmpty();
    }

    @Test
    void haltPrintsJsonAndYaml() {
        server.on("POST /api/v1/halts", 201, HALT);

        assertThat(cli.run("halt", "--scope", "account", "--reason", "all", "-o", "json"))
                .isZero();
        assertThat(ApiClient.JSON.readTree(cli.out.toString())).isEqualTo(ApiClient.JSON.readTree(HALT));

        Sessions yaml = new Sessions(dir, Map.of("CHAOSPLANE_SERVER", server.url(), "CHAOSPLANE_API_KEY", "k"));
        assertThat(yaml.run("halt", "--scope", "account", "--reason", "all", "-o", "yaml"))
                .isZero();
        JsonNode printed = Manifests.YAML.readTree(yaml.out.toString());
        assertThat(printed.path("id").asString()).isEqualTo("h1");
        assertThat(printed.path("runsStopped").asInt()).isEqualTo(3);
        assertThat(yaml.out.toString()).doesNotContain("{");
    }

    @Test
    void haltsListsInEachFormat() {
        server.on("GET /api/v1/halts", 200, "{\"items\":[" + HALT + "],\"total\":1}");

        assertThat(cli.run("halts")).isZero();
        assertThat(cli.out.toString()).startsWith("ID").contains("\nh1  ");

        Sessions json = new Sessions(dir, Map.of("CHAOSPLANE_SERVER", server.url(), "CHAOSPLANE_API_KEY", "k"));
        assertThat(json.run("halts", "-o", "json")).isZero();
        assertThat(ApiClient.JSON
                        .readTree(json.out.toString())
                        .path("items")
                        .get(0)
                        .path("reason")
                        .asString())
                .isEqualTo("incident 4711");

        Sessions yaml = new Sessions(dir, Map.of("CHAOSPLANE_SERVER", server.url(), "CHAOSPLANE_API_KEY", "k"));
        assertThat(yaml.run("halts", "-o", "yaml")).isZero();
        assertThat(Manifests.YAML.readTree(yaml.out.toString()).path("total").asInt())
                .isEqualTo(1);
        assertThat(server.count("GET", "/api/v1/halts")).isEqualTo(3);
    }

    @Test
    void liftDeletesTheHaltAndALiftedOneFailsWithTheServersMessage() {
        server.on("DELETE /api/v1/halts/h1", 200, HALT.replace("\"active\":true", "\"active\":false"));
        server.on("DELETE /api/v1/halts/h1", 409, "{\"status\":409,\"detail\":\"halt h1 is lifted already\"}");

        assertThat(cli.run("halts", "lift", "h1")).isZero();
        assertThat(server.requests.getFirst().method()).isEqualTo("DELETE");
        assertThat(cli.out.toString()).contains("h1", "false");

        int again = cli.run("halts", "lift", "h1");
        assertThat(again).isNotZero().isEqualTo(ExitCode.USAGE);
        assertThat(cli.err.toString()).contains("halt h1 is lifted already");
        assertThat(cli.run("halts", "lift")).isEqualTo(ExitCode.USAGE);
    }

    @Test
    void aRefusedKeyOrNoServerIsFive() throws Exception {
        server.on("POST /api/v1/halts", 401, "{\"status\":401,\"detail\":\"unknown key\"}");
        server.on("GET /api/v1/halts", 401, "{\"status\":401,\"detail\":\"unknown key\"}");
        assertThat(cli.run("halt", "--scope", "account", "--reason", "x")).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(cli.run("halts")).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(cli.err.toString()).contains("refused the API key").doesNotContain("cp_live_test");

        int closedPort;
        try (var socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Sessions nowhere = new Sessions(
                dir, Map.of("CHAOSPLANE_SERVER", "http://127.0.0.1:" + closedPort, "CHAOSPLANE_API_KEY", "k"));
        assertThat(nowhere.run("halts", "lift", "h1")).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(nowhere.err.toString()).contains("cannot reach");
    }
}
