package io.chaosplane.controlplane.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosplane.controlplane.support.FakeAgent;
import io.chaosplane.controlplane.support.Fixtures;
import io.chaosplane.controlplane.support.IntegrationTest;
import io.chaosplane.controlplane.support.Keys;
import io.chaosplane.testsupport.Api;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The kill switch of an infrastructure in the API: an operator turns it, no run starts there while it is off (409
 * naming it), and the agent hears it in its poll and liveness answers.
 */
@IntegrationTest
class ChaosEnabledTest {

    @LocalServerPort
    int port;

    @Autowired
    Fixtures fixtures;

    Api server;
    Keys.RoleMatrix roles;
    FakeAgent agent;

    @BeforeEach
    void setUp() {
        server = new Api(port);
        roles = Keys.RoleMatrix.of(server, fixtures.newTenant());
        agent = FakeAgent.install(server, roles.admin(), "switched");
    }

    private String path() {
        return "/api/v1/infrastructures/" + agent.infraId();
    }

    private Api.Response experiment(String name) {
        return roles.admin().postRaw("/api/v1/experiments", """
                        {"apiVersion":"chaos.chaosplane.io/v1alpha1","kind":"ChaosExperiment",
                         "metadata":{"name":"%s","namespace":"default"},
                         "spec":{"target":{"kind":"Linux","infrastructure":"%s"},
                                 "action":{"type":"linux-cpu-stress","parameters":{"Load":"50","Workers":"1"}},
                                 "duration":"60s"}}""".formatted(name, agent.infraId()), "application/json");
    }

    @Test
    void anOperatorTurnsChaosOffAndNoRunStartsThereUntilItIsOnAgain() {
        assertThat(roles.viewer().get(path()).json().get("chaosEnabled").asBoolean())
                .isTrue();
        assertThat(agent.liveness().json().has("chaosEnabled"))
                .as("left out while on")
                .isFalse();

        Api.Response off = roles.operator().put(path(), Map.of("chaosEnabled", false));

        assertThat(off.status()).as(off.text()).isEqualTo(200);
        assertThat(off.json().get("chaosEnabled").asBoolean()).isFalse();
        assertThat(roles.viewer().get(path()).json().get("chaosEnabled").asBoolean())
                .isFalse();
        assertThat(roles.viewer()
                        .get("/api/v1/infrastructures")
                        .json()
                        .get("items")
                        .get(0)
                        .get("chaosEnabled")
                        .asBoolean())
                .isFalse();
        Api.Response refused = experiment("refused");
        assertThat(refused.status()).as(refused.text()).isEqualTo(409);
        assertThat(refused.json().get("detail").asString())
                .contains("chaos is disabled on infrastructure 'switched'", agent.infraId(), "chaosEnabled");
        assertThat(agent.liveness().json().get("chaosEnabled").asBoolean()).isFalse();
        assertThat(agent.poll(0).json().get("chaosEnabled").asBoolean()).isFalse();
        JsonNode audit = roles.admin()
                .get("/api/v1/audit?action=infrastructure.chaos")
                .json()
                .get("items")
                .get(0);
        assertThat(audit.get("details").get("chaosEnabled").asBoolean()).isFalse();
        assertThat(fixtures.eventReasons(accountOf())).contains("ChaosDisabled");

        Api.Response on = roles.admin().send("PATCH", path(), Map.of("chaosEnabled", true), "application/json");
        assertThat(on.status()).as(on.text()).isEqualTo(200);
        assertThat(on.json().get("chaosEnabled").asBoolean()).isTrue();
        assertThat(agent.liveness().json().has("chaosEnabled")).isFalse();
        assertThat(experiment("allowed").status()).isEqualTo(201);
        assertThat(agent.poll(0).json().get("taskList")).hasSize(1);
    }

    @Test
    void aWaitingPollIsAnsweredAtOnceWhenChaosIsTurnedOff() throws Exception {
        CompletableFuture<Api.Response> waiting = CompletableFuture.supplyAsync(() -> agent.poll(20));
        Thread.sleep(500); // the poll is waiting on its wake-ups by now; if not, it sees the switch at its start
        Instant turned = Instant.now();
        roles.operator().put(path(), Map.of("chaosEnabled", false));

        assertThat(waiting.get().json().get("chaosEnabled").asBoolean()).isFalse();
        assertThat(Duration.between(turned, Instant.now())).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void badInputIsNamedAtItsField() {
        for (Object body : new Object[] {Map.of(), Map.of("chaosEnabled", "perhaps")}) {
            Api.Response response = roles.operator().put(path(), body);
            assertThat(response.status()).as(response.text()).isEqualTo(400);
            assertThat(response.text()).contains("chaosEnabled");
        }
        assertThat(roles.operator()
                        .put("/api/v1/infrastructures/" + UUID.randomUUID(), Map.of("chaosEnabled", false))
                        .status())
                .isEqualTo(404);
        assertThat(roles.viewer().get(path()).json().get("chaosEnabled").asBoolean())
                .isTrue();
    }

    @Test
    void aViewerCannotTurnIt() {
        assertThat(roles.viewer().put(path(), Map.of("chaosEnabled", false)).status())
                .isEqualTo(403);
        assertThat(roles.viewer()
                        .send("PATCH", path(), Map.of("chaosEnabled", false), "application/json")
                        .status())
                .isEqualTo(403);
        assertThat(roles.viewer().get(path()).json().get("chaosEnabled").asBoolean())
                .isTrue();
    }

    @Test
    void anotherTenantCannotTurnIt() {
        Api stranger = server.withKey(fixtures.newTenant().adminKey());
        assertThat(stranger.put(path(), Map.of("chaosEnabled", false)).status()).isEqualTo(404);
        assertThat(roles.viewer().get(path()).json().get("chaosEnabled").asBoolean())
                .isTrue();
        assertThat(agent.liveness().json().has("chaosEnabled")).isFalse();
    }

    private String accountOf() {
        return roles.admin().get(path()).json().get("accountIdentifier").asString();
    }
}
