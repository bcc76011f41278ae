package io.chaosplane.controlplane.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosplane.controlplane.support.FakeAgent;
import io.chaosplane.controlplane.support.Fixtures;
import io.chaosplane.controlplane.support.IntegrationTest;
import io.chaosplane.controlplane.support.Keys.RoleMatrix;
import io.chaosplane.testsupport.Api;
import io.chaosplane.testsupport.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@IntegrationTest
class InfrastructureEndpointsTest {

    @LocalServerPort
    int port;

    @Autowired
    Fixtures fixtures;

    @Autowired
    TestClock clock;

    @Autowired
    Heartbeats heartbeats;

    Api server;
    Fixtures.Tenant tenant;
    RoleMatrix roles;

    @BeforeEach
    void setUp() {
        server = new Api(port);
        tenant = fixtures.newTenant();
        roles = RoleMatrix.of(server, tenant);
    }

    @Test
    void creatingAnswersTheInstallTokenOnceAndAReadyToPasteCommand() {
        var created = roles.admin().post("/api/v1/infrastructures", Map.of("identifier", "web_01", "name", "web-01"));
        assertThat(created.status()).isEqualTo(201);
        JsonNode body = created.json();
        String token = body.get("installToken").asString();
        String id = body.get("infrastructure").get("id").asString();
        assertThat(body.get("infrastructure").get("status").asString()).isEqualTo("PENDING");
        assertThat(body.get("infrastructure").get("type").asString()).isEqualTo("Linux");
        assertThat(body.get("installCommand").asString())
                .contains(id)
                .contains(token)
                .contains("/downloads/chaosplane-agent-linux.jar")
                .contains("sha256sum -c -")
                .contains("CHAOSPLANE_INSTALL_TOKEN_FILE=")
                .doesNotContain("CHAOSPLANE_INSTALL_TOKEN=");
        assertThat(Instant.parse(body.get("installTokenExpiresAt").asString()))
                .isBetween(
                        clock.instant().plus(Duration.ofHours(24)).minusSeconds(60),
                        clock.instant().plus(Duration.ofHours(24)));
        assertThat(roles.viewer().get("/api/v1/infrastructures/" + id).text()).doesNotContain(token);
        assertThat(roles.viewer().get("/api/v1/infrastructures").json().get("items"))
                .hasSize(1);
    }

    @Test
    void onlyAdminsCreateDeleteAndResetKeys() {
        var created = roles.admin()
                .post("/api/v1/infrastructures", Map.of("identifier", "db_01", "name", "db"))
                .json();
        String id = created.get("infrastructure").get("id").asString();
        for (Api weak : new Api[] {roles.viewer(), roles.operator()}) {
            assertThat(weak.post("/api/v1/infrastructures", Map.of("identifier", "x", "name", "x"))
                            .status())
                    .isEqualTo(403);
            assertThat(weak.delete("/api/v1/infrastructures/" + id).status()).isEqualTo(403);
            assertThat(weak.post("/api/v1/infrastructures/" + id + "/reset-key", null)
                            .status())
                    .isEqualTo(403);
        }
        assertThat(roles.admin()
                        .post("/api/v1/infrastructures", Map.of("identifier", "db_01", "name", "again"))
                        .status())
                .isEqualTo(409);
    }

    @Test
    void badInputIsNamed() {
        var response = roles.admin().post("/api/v1/infrastructures", Map.of("identifier", "bad id!", "name", ""));
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("errors"))
                .extracting(error -> error.get("field").asString())
                .contains("identifier", "name");
        var unknownType = roles.admin()
                .post("/api/v1/infrastructures", Map.of("identifier", "x", "name", "x", "type", "Windows"));
        assertThat(unknownType.json().get("errors").get(0).get("field").asString())
                .isEqualTo("type");
        var missingProject = roles.admin()
                .post("/api/v1/infrastructures", Map.of("identifier", "x", "name", "x", "projectIdentifier", "nope"));
        assertThat(missingProject.status()).isEqualTo(404);
    }

    @Test
    void anotherTenantSeesNothing() {
        String id = roles.admin()
                .post("/api/v1/infrastructures", Map.of("identifier", "mine", "name", "mine"))
                .json()
                .get("infrastructure")
                .get("id")
                .asString();
        Api other = server.withKey(fixtures.newTenant().adminKey());
        assertThat(other.get("/api/v1/infrastructures/" + id).status()).isEqualTo(404);
        assertThat(other.delete("/api/v1/infrastructures/" + id).status()).isEqualTo(404);
        assertThat(other.get("/api/v1/infrastructures").json().get("items")).isEmpty();
    }

    @Test
    void heartbeatsConnectAndSilenceDisconnectWithEvents() {
        FakeAgent agent = FakeAgent.install(server, roles.admin(), "pulse");
        assertThat(agent.liveness().json().get("message").asString()).isEqualTo("OK");
        heartbeats.flush();
        JsonNode connected =
                roles.viewer().get("/api/v1/infrastructures/" + agent.infraId()).json();
        assertThat(connected.get("status").asString()).isEqualTo("CONNECTED");
        assertThat(connected.get("hostname").asString()).isEqualTo("test-host");
        assertThat(connected.get("agentVersion").asString()).isEqualTo("1.59.0");
        assertThat(connected.get("lastHeartbeatAt")).isNotNull();

        clock.advance(Duration.ofMinutes(2));
        heartbeats.markSilent();
        assertThat(roles.viewer()
                        .get("/api/v1/infrastructures/" + agent.infraId())
                        .json()
                        .get("status")
                        .asString())
                .isEqualTo("DISCONNECTED");
        agent.liveness();
        heartbeats.flush();
        assertThat(roles.viewer()
                        .get("/api/v1/infrastructures/" + agent.infraId())
                        .json()
                        .get("status")
                        .asString())
                .isEqualTo("CONNECTED");
        assertThat(fixtures.eventReasons(tenant.accountId()))
                .containsSubsequence("AgentRegistered", "AgentConnected", "AgentDisconnected", "AgentConnected");
    }

    @Test
    void aResetKeyLocksTheOldAgentOutUntilItConfirmsAgain() {
        FakeAgent agent = FakeAgent.install(server, roles.admin(), "leaky");
        assertThat(agent.liveness().status()).isEqualTo(200);
        JsonNode reset = roles.admin()
                .post("/api/v1/infrastructures/" + agent.infraId() + "/reset-key", null)
                .json();
        assertThat(agent.liveness().status()).isEqualTo(401);
        assertThat(agent.confirm(reset.get("installToken").asString()).status()).isEqualTo(200);
    }

    @Test
    void anExpiredInstallTokenIsRefusedWithAClearErrorUntilTheKeyIsReset() {
        JsonNode created = roles.admin()
                .post("/api/v1/infrastructures", Map.of("identifier", "late", "name", "late"))
                .json();
        String id = created.get("infrastructure").get("id").asString();
        FakeAgent agent = FakeAgent.of(server, id);
        try {
            clock.advance(Duration.ofHours(24).plusMinutes(1));

            Api.Response refused = agent.confirm(created.get("installToken").asString());
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.json().get("error").asString())
                    .startsWith("install token expired at ")
                    .endsWith("(install tokens last 24h); reset the infrastructure's key for a new one");

            JsonNode reset = roles.admin()
                    .post("/api/v1/infrastructures/" + id + "/reset-key", null)
                    .json();
            assertThat(agent.confirm(reset.get("installToken").asString()).status())
                    .isEqualTo(200);
        } finally {
            clock.reset();
        }
    }

    @Test
    void theAgentsDigestIsNotFoundWithoutAJarRatherThanInvented() {
        // this test context serves no jar (AgentDownloadsTest checks a served one): no digest either, and no 500
        assertThat(server.get("/downloads/chaosplane-agent-linux.jar.sha256").status())
                .isEqualTo(404);
    }

    @Test
    void deletingLocksTheAgentOut() {
        FakeAgent agent = FakeAgent.install(server, roles.admin(), "gone");
        assertThat(roles.admin()
                        .delete("/api/v1/infrastructures/" + agent.infraId())
                        .status())
                .isEqualTo(204);
        assertThat(agent.liveness().status()).isEqualTo(401);
    }
}
