package io.chaosplane.controlplane.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosplane.controlplane.support.Fixtures;
import io.chaosplane.controlplane.support.IntegrationTest;
import io.chaosplane.controlplane.support.Keys.RoleMatrix;
import io.chaosplane.testsupport.Api;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** GET /api/risk-heatmap; figures by hand from the README's formula. */
@IntegrationTest
class RiskHeatmapEndpointTest {

    @LocalServerPort
    int port;

    @Autowired
    Fixtures fixtures;

    Api server;
    Fixtures.Tenant tenant;
    RoleMatrix roles;

    @BeforeEach
    void setUp() {
        server = new Api(port);
        tenant = fixtures.newTenant();
        roles = RoleMatrix.of(server, tenant);
        Api.Response imported = roles.admin().send("PUT", "/api/v1/topology", """
                components:
                  - {id: A}
                  - {id: B}
                  - {id: C, utilization: 80}
                edges:
                  - {source: A, target: B}
                  - {source: B, target: C}
                """, "application/yaml");
        assertThat(imported.status()).as(imported.text()).isEqualTo(200);
    }

    private UUID experiment(String name) {
        UUID id = UUID.randomUUID();
        fixtures.asOwner(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("""
                    INSERT INTO experiments (id, account_id, org_identifier, project_identifier, namespace, name,
                                             manifest, created_by)
                    VALUES (?, ?, 'default', 'default_project', 'chaos', ?, '{}'::jsonb, 'seed')""")) {
                statement.setObject(1, id);
                statement.setString(2, tenant.accountId());
                statement.setString(3, name);
                statement.executeUpdate();
            }
        });
        return id;
    }

    private void run(UUID experiment, int sequence, String phase, Instant done) {
        fixtures.asOwner(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("""
                    INSERT INTO experiment_runs (id, account_id, experiment_id, org_identifier, project_identifier,
                        run_sequence, phase, faults_total, faults_passed, faults_failed, message, created_by,
                        created_at, started_at, finished_at)
                    VALUES (?, ?, ?, 'default', 'default_project', ?, ?, 1, ?, ?, '', 'seed', ?, ?, ?)""")) {
                boolean failed = phase.equals("Failed");
                statement.setObject(1, UUID.randomUUID());
                statement.setString(2, tenant.accountId());
                statement.setObject(3, experiment);
                statement.setInt(4, sequence);
                statement.setString(5, phase);
                statement.setInt(6, failed ? 0 : 1);
                statement.setInt(7, failed ? 1 : 0);
                statement.setTimestamp(8, Timestamp.from(done.minusSeconds(60)));
                statement.setTimestamp(9, Timestamp.from(done.minusSeconds(60)));
                statement.setTimestamp(10, Timestamp.from(done));
                statement.executeUpdate();
            }
        });
    }

    private static JsonNode component(JsonNode map, String id) {
        return StreamSupport.stream(map.get("components").spliterator(), false)
                .filter(node -> node.get("id").asString().equals(id))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void eachComponentsDimensionsScoreAndZoneCountOnlyTheLast30DaysRunsThatTargetedIt() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        UUID killC = experiment("c-pod-kill");
        run(killC, 1, "Failed", now.minusSeconds(3600));
        run(killC, 2, "Completed", now.minusSeconds(1800));
        run(killC, 3, "Failed", now.minus(Duration.ofDays(40)));
        UUID other = experiment("network-loss-abc");
        run(other, 1, "Failed", now.minusSeconds(600));

        Api.Response response = roles.viewer().get("/api/risk-heatmap");
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        JsonNode map = response.json();
        assertThat(map.properties())
                .extracting(Map.Entry::getKey)
                .containsExactly("components", "hotspots", "window_days", "formula");
        JsonNode c = component(map, "C");
        assertThat(c.get("dimensions").properties())
                .extracting(Map.Entry::getKey)
                .containsExactly("blast_radius", "spof", "utilization", "run_coverage", "run_failures");
        // two runs in the window, one failed (the one 40 days ago does not count)
        assertThat(c.get("runs").asInt()).isEqualTo(2);
        assertThat(c.get("failed_runs").asInt()).isEqualTo(1);
        assertThat(c.get("dimensions").get("blast_radius").asDouble()).isEqualTo(1.0);
        assertThat(c.get("dimensions").get("utilization").asDouble()).isEqualTo(0.8);
        assertThat(c.get("dimensions").get("run_coverage").asDouble()).isEqualTo(0.6);
        // 100·(0.35 + 0.20 + 0.15·0.8 + 0.15·0.6 + 0.15·½) = 83.5
        assertThat(c.get("risk_score").asDouble()).isEqualTo(83.5);
        assertThat(c.get("zone").asString()).isEqualTo("red");
        // B: 100·(0.35·½ + 0.20 + 0.15·½ + 0.15) = 60.0; A: 100·(0.15·½ + 0.15) = 22.5
        assertThat(component(map, "B").get("risk_score").asDouble()).isEqualTo(60.0);
        assertThat(component(map, "A").get("risk_score").asDouble()).isEqualTo(22.5);
        assertThat(component(map, "A").get("zone").asString()).isEqualTo("green");
        assertThat(component(map, "A").get("runs").asInt()).isZero();
        assertThat(map.get("hotspots")).extracting(JsonNode::asString).containsExactly("C", "B");
        assertThat(roles.viewer().get("/api/v1/risk-heatmap").json()).isEqualTo(map);
    }

    @Test
    void aComponentListsTheExperimentsThatTargetItAndTheirRunsNewestFirst() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        UUID killC = experiment("c-pod-kill");
        run(killC, 1, "Failed", now.minusSeconds(3600));
        run(killC, 2, "Completed", now.minusSeconds(1800));
        run(experiment("network-loss-abc"), 1, "Failed", now.minusSeconds(600));

        Api.Response response = roles.viewer().get("/api/components/C/runs");
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        JsonNode body = response.json();
        assertThat(body.get("experiments")).extracting(JsonNode::asString).containsExactly("c-pod-kill");
        assertThat(body.get("runs"))
                .extracting(r -> r.get("run_sequence").asInt())
                .containsExactly(2, 1);
        assertThat(body.get("runs").get(0).get("phase").asString()).isEqualTo("Completed");
        assertThat(roles.viewer().get("/api/v1/components/A/runs").json().get("runs"))
                .isEmpty();
        assertThat(roles.viewer().get("/api/components/Z/runs").status()).isEqualTo(404);
        Api.Response limit = roles.viewer().get("/api/components/C/runs?limit=0");
        assertThat(limit.status()).isEqualTo(400);
        assertThat(limit.json().get("errors").get(0).get("field").asString()).isEqualTo("limit");
        Api other = server.withKey(fixtures.newTenant().adminKey());
        assertThat(other.get("/api/components/C/runs").status()).isEqualTo(404);
    }

    @Test
    void anotherTenantSeesItsOwnEmptyProjectAndCannotNameOthers() {
        Api other = server.withKey(fixtures.newTenant().adminKey());
        JsonNode map = other.get("/api/risk-heatmap").json();
        assertThat(map.get("components")).isEmpty();
        assertThat(map.get("hotspots")).isEmpty();
        assertThat(other.get("/api/risk-heatmap?organizationIdentifier=default&projectIdentifier=nope")
                        .status())
                .isEqualTo(404);
        assertThat(server.get("/api/risk-heatmap").status()).isEqualTo(401);
    }
}
