package io.chaosplane.controlplane.event;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosplane.controlplane.support.FakeAgent;
import io.chaosplane.controlplane.support.Fixtures;
import io.chaosplane.controlplane.support.IntegrationTest;
import io.chaosplane.controlplane.support.Keys;
import io.chaosplane.testsupport.Api;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@IntegrationTest
class EventsEndpointTest {

    @LocalServerPort
    int port;

    @Autowired
    Fixtures fixtures;

    Api server;
    Api admin;

    @BeforeEach
    void setUp() {
        server = new Api(port);
        admin = server.withKey(fixtures.newTenant().adminKey());
        FakeAgent agent = FakeAgent.install(server, admin, "evented");
        admin.postRaw("/api/v1/experiments", """
                {"apiVersion":"chaos.chaosplane.io/v1alpha1","kind":"ChaosExperiment",
                 "metadata":{"name":"noisy","namespace":"production"},
                 "spec":{"target":{"infrastructure":"%s"},"action":{"type":"linux-cpu-stress"},"duration":"5s"}}""".formatted(agent.infraId()), "application/json");
        String task =
                agent.poll(0).json().get("taskList").get(0).get("taskName").asString();
        agent.result(
                task,
                "{\"result\":{\"taskStatus\":\"Completed\",\"verdict\":\"Fail\",\"probeSuccessPercentage\":\"0\"}}");
    }

    @Test
    void everyPhaseChangeAndAgentRegistrationIsAnEvent() {
        JsonNode events = admin.get("/api/v1/events").json();
        assertThat(events.get("kind").asString()).isEqualTo("EventList");
        assertThat(events.get("items"))
                .extracting(event -> event.get("reason").asString())
                .contains("AgentRegistered", "RunQueued", "RunRunning", "FaultCompleted", "RunCompleted");
        JsonNode newest = events.get("items").get(0);
        assertThat(newest.get("involvedObject").get("kind").asString()).isEqualTo("Experiment");
        assertThat(newest.get("timestamp").asString()).endsWith("Z");
    }

    @Test
    void filtersByNamespaceResourceAndType() {
        JsonNode production = admin.get("/api/v1/events?namespace=production").json();
        assertThat(production.get("items"))
                .isNotEmpty()
                .allMatch(event -> event.get("namespace").asString().equals("production"));
        JsonNode byResource = admin.get("/api/v1/events?resource=evented").json();
        assertThat(byResource.get("items"))
                .extracting(event -> event.get("reason").asString())
                .contains("AgentRegistered");
        JsonNode warnings = admin.get("/api/v1/events?type=Warning").json();
        assertThat(warnings.get("items"))
                .isNotEmpty()
                .allMatch(event -> event.get("type").asString().equals("Warning"));
        var bad = admin.get("/api/v1/events?type=Critical");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("errors").get(0).get("field").asString()).isEqualTo("type");
    }

    @Test
    void viewersReadThemAndOtherTenantsSeeNone() {
        Api viewer = server.withKey(Keys.issue(admin, "viewer"));
        assertThat(viewer.get("/api/v1/events").json().get("total").asInt()).isPositive();
        Api other = server.withKey(fixtures.newTenant().adminKey());
        assertThat(other.get("/api/v1/events?resource=noisy").json().get("items"))
                .isEmpty();
    }

    @Test
    void aKeyOfAnotherProjectSeesNoneOfThisProjectsEvents() {
        admin.post("/api/v1/orgs/default/projects", Map.of("identifier", "second", "name", "Second"));
        Api scoped = server.withKey(Keys.issue(admin, "viewer", "default", "second"));
        assertThat(scoped.get("/api/v1/events").json().get("items")).isEmpty();
        assertThat(scoped.get("/api/v1/events?organizationIdentifier=default&projectIdentifier=default_project")
                        .status())
                .isEqualTo(404);
    }
}
