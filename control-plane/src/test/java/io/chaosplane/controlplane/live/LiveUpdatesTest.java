package io.chaosplane.controlplane.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chaosplane.controlplane.support.FakeAgent;
import io.chaosplane.controlplane.support.Fixtures;
import io.chaosplane.controlplane.support.IntegrationTest;
import io.chaosplane.controlplane.support.Keys;
import io.chaosplane.controlplane.support.LiveClient;
import io.chaosplane.controlplane.support.SecondReplica;
import io.chaosplane.testsupport.Api;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@IntegrationTest
class LiveUpdatesTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @LocalServerPort
    int port;

    @Autowired
    Fixtures fixtures;

    static String experiment(String name, String namespace, String infraId) {
        return """
                {"apiVersion":"chaos.chaosplane.io/v1alpha1","kind":"ChaosExperiment",
                 "metadata":{"name":"%s","namespace":"%s"},
                 "spec":{"target":{"infrastructure":"%s"},"action":{"type":"linux-cpu-stress"},"duration":"5s"}}""".formatted(name, namespace, infraId);
    }

    @Test
    void aSubscriberSeesEveryPhaseOfItsNamespacesExperimentsAndNothingOfAnotherTenant() throws Exception {
        Api server = new Api(port);
        Fixtures.Tenant tenant = fixtures.newTenant();
        Api admin = server.withKey(tenant.adminKey());
        FakeAgent agent = FakeAgent.install(server, admin, "live_host");
        Fixtures.Tenant stranger = fixtures.newTenant();

        try (LiveClient viewer = LiveClient.connect(port, Keys.issue(admin, "viewer"));
                LiveClient other = LiveClient.connect(port, stranger.adminKey())) {
            viewer.send("{\"type\":\"subscribe\",\"resource\":\"experiments\",\"namespace\":\"production\"}");
            other.send("{\"type\":\"subscribe\",\"resource\":\"experiments\"}");
            assertThat(viewer.next(WAIT).get("type").asString()).isEqualTo("subscribed");
            assertThat(other.next(WAIT).get("type").asString()).isEqualTo("subscribed");

            admin.postRaw(
                    "/api/v1/experiments", experiment("elsewhere", "staging", agent.infraId()), "application/json");
            admin.postRaw(
                    "/api/v1/experiments", experiment("watched", "production", agent.infraId()), "application/json");
            List<JsonNode> pending = viewer.until("Pending", WAIT);
            JsonNode first = pending.getLast();
            assertThat(first.get("type").asString()).isEqualTo("update");
            assertThat(first.get("resource").asString()).isEqualTo("experiment");
            assertThat(first.get("name").asString()).isEqualTo("watched");
            assertThat(first.get("namespace").asString()).isEqualTo("production");
            assertThat(first.get("timestamp").asString()).endsWith("Z");
            assertThat(first.has("accountId")).isFalse();

            JsonNode tasks = agent.poll(0).json().get("taskList");
            viewer.until("Running", WAIT);
            for (JsonNode task : tasks) {
                agent.pass(task.get("taskName").asString());
            }
            assertThat(viewer.until("Completed", WAIT))
                    .allMatch(update -> update.get("name").asString().equals("watched"));
            assertThat(other.next(Duration.ofMillis(500))).isNull();
        }
    }

    @Test
    void aChangeThroughOneReplicaReachesASubscriberOfTheOther() throws Exception {
        Api server = new Api(port);
        Fixtures.Tenant tenant = fixtures.newTenant();
        Api admin = server.withKey(tenant.adminKey());
        FakeAgent agent = FakeAgent.install(server, admin, "two_replicas");
        try (SecondReplica replicaB = SecondReplica.start();
                LiveClient onB = LiveClient.connect(replicaB.port(), tenant.adminKey())) {
            onB.send("{\"type\":\"subscribe\",\"resource\":\"experiments\"}");
            onB.next(WAIT);
            admin.postRaw("/api/v1/experiments", experiment("across", "default", agent.infraId()), "application/json");
            JsonNode update = onB.until("Pending", WAIT).getLast();
            assertThat(update.get("name").asString()).isEqualTo("across");
        }
    }

    @Test
    void aBadMessageIsAnsweredWithAnErrorAndTheConnectionStays() throws Exception {
        Fixtures.Tenant tenant = fixtures.newTenant();
        try (LiveClient client = LiveClient.connect(port, tenant.adminKey())) {
            client.send("not json");
            assertThat(client.next(WAIT).get("type").asString()).isEqualTo("error");
            client.send("{\"type\":\"subscribe\",\"resource\":\"pods\"}");
            assertThat(client.next(WAIT).get("error").asString()).contains("experiments");
            client.send("{\"type\":\"subscribe\",\"resource\":\"workflows\"}");
            assertThat(client.next(WAIT).get("type").asString()).isEqualTo("subscribed");
        }
    }

    @Test
    void aClientMaySubscribeInTheHandshakeQuery() throws Exception {
        Api server = new Api(port);
        Fixtures.Tenant tenant = fixtures.newTenant();
        Api admin = server.withKey(tenant.adminKey());
        FakeAgent agent = FakeAgent.install(server, admin, "query_host");
        try (LiveClient watcher =
                LiveClient.connect(port, tenant.adminKey(), "?resource=experiments&namespace=watched")) {
            admin.postRaw(
                    "/api/v1/experiments", experiment("by-query", "watched", agent.infraId()), "application/json");
            assertThat(watcher.until("Pending", WAIT).getLast().get("name").asString())
                    .isEqualTo("by-query");
        }
    }

    @Test
    void aRevokedKeyLosesItsWebSocketsAtOnceOnEveryReplica() throws Exception {
        Api admin = new Api(port).withKey(fixtures.newTenant().adminKey());
        JsonNode created = admin.post("/api/v1/apikeys", Map.of("name", "watcher", "role", "viewer"))
                .json();
        String key = created.get("key").asString();
        String keyId = created.get("apiKey").get("id").asString();
        String otherKey = Keys.issue(admin, "viewer");
        try (SecondReplica replicaB = SecondReplica.start();
                LiveClient onA = LiveClient.connect(port, key);
                LiveClient onB = LiveClient.connect(replicaB.port(), key);
                LiveClient unaffected = LiveClient.connect(port, otherKey)) {
            onA.send("{\"type\":\"subscribe\",\"resource\":\"experiments\"}");
            assertThat(onA.next(WAIT).get("type").asString()).isEqualTo("subscribed");
            onB.send("{\"type\":\"subscribe\",\"resource\":\"experiments\"}");
            assertThat(onB.next(WAIT).get("type").asString()).isEqualTo("subscribed");

            assertThat(admin.delete("/api/v1/apikeys/" + keyId).status()).isEqualTo(200);

            Awaitility.await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> {
                assertThat(onA.closedByServer()).isEqualTo(1008);
                assertThat(onB.closedByServer()).isEqualTo(1008);
            });
            assertThat(unaffected.closedByServer()).isNull();
            unaffected.send("{\"type\":\"subscribe\",\"resource\":\"workflows\"}");
            assertThat(unaffected.next(WAIT).get("type").asString()).isEqualTo("subscribed");
        }
    }

    @Test
    void aRemovedMemberLosesTheirWebSocketAtOnce() throws Exception {
        Fixtures.Tenant tenant = fixtures.newTenant();
        Api admin = new Api(port).withKey(tenant.adminKey());
        Fixtures.Person person = fixtures.newPerson(tenant.accountId(), "viewer");
        String basic = person.api(port)
                .get("/api/v1/orgs")
                .raw()
                .request()
                .headers()
                .firstValue("Authorization")
                .orElseThrow();
        String memberId = null;
        for (JsonNode member : admin.get("/api/v1/members").json().get("items")) {
            if (member.get("email").asString().equals(person.email())) {
                memberId = member.get("id").asString();
            }
        }
        try (LiveClient client = LiveClient.connectWith(port, "Authorization", basic, "")) {
            client.send("{\"type\":\"subscribe\",\"resource\":\"experiments\"}");
            assertThat(client.next(WAIT).get("type").asString()).isEqualTo("subscribed");

            assertThat(admin.delete("/api/v1/members/" + memberId).status()).isEqualTo(204);

            Awaitility.await()
                    .atMost(Duration.ofSeconds(2))
                    .untilAsserted(() -> assertThat(client.closedByServer()).isEqualTo(1008));
        }
    }

    @Test
    void withoutCredentialsTheHandshakeIsRefused() {
        assertThatThrownBy(() -> LiveClient.connect(port, "cp_live_" + "x".repeat(40)))
                .hasRootCauseMessage("Unexpected HTTP response status code 401");
    }
}
