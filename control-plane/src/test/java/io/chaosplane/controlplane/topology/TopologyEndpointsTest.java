package io.chaosplane.controlplane.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosplane.controlplane.access.ProjectScope;
import io.chaosplane.controlplane.access.TenantContext;
import io.chaosplane.controlplane.support.Fixtures;
import io.chaosplane.controlplane.support.IntegrationTest;
import io.chaosplane.controlplane.support.Keys.RoleMatrix;
import io.chaosplane.testsupport.Api;
import io.chaosplane.topology.Component;
import io.chaosplane.topology.Dependency;
import io.chaosplane.topology.DependencyType;
import io.chaosplane.topology.Topology;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

@IntegrationTest
class TopologyEndpointsTest {

    private static final String CHAIN_YAML = """
            components:
              - {id: A, name: Front, type: service}
              - {id: B, type: service}
              - {id: C, type: database, utilization: 40.0}
            edges:
              - {source: A, target: B}
              - {source: B, target: C, dependency_type: hard}
            """;

    @LocalServerPort
    int port;

    @Autowired
    Fixtures fixtures;

    @Autowired
    TopologyStore store;

    @Autowired
    TenantContext tenants;

    @Autowired
    TransactionTemplate transactions;

    Api server;
    Fixtures.Tenant tenant;
    RoleMatrix roles;

    @BeforeEach
    void setUp() {
        server = new Api(port);
        tenant = fixtures.newTenant();
        roles = RoleMatrix.of(server, tenant);
    }

    private Api.Response importYaml(Api caller, String yaml) {
        return caller.send("PUT", "/api/v1/topology", yaml, "application/yaml");
    }

    private Api.Response loadDemo() {
        Api.Response demo = roles.admin().get("/demo");
        assertThat(demo.status()).as(demo.text()).isEqualTo(200);
        return demo;
    }

    private static JsonNode node(JsonNode topology, String id) {
        return StreamSupport.stream(topology.get("nodes").spliterator(), false)
                .filter(n -> n.get("id").asString().equals(id))
                .findFirst()
                .orElseThrow();
    }

    @Nested
    class TheDemo {

        @Test
        void loadsTwelveComponentsAndSimulatingTheDatabaseAnswersAsSeed002Shows() {
            JsonNode loaded = loadDemo().json();
            assertThat(loaded.get("metadata").get("total_components").asInt()).isEqualTo(12);
            assertThat(loaded.get("metadata").get("total_edges").asInt()).isEqualTo(18);

            JsonNode topology = roles.viewer().get("/api/topology").json();
            assertThat(topology.get("metadata").properties())
                    .extracting(Map.Entry::getKey)
                    .containsExactly("total_components", "total_edges", "resilience_score");
            JsonNode web = node(topology, "web-server");
            assertThat(web.properties())
                    .extracting(Map.Entry::getKey)
                    .containsExactly(
                            "id", "name", "type", "replicas", "utilization", "health", "is_spof", "risk_level");
            assertThat(web.get("name").asString()).isEqualTo("Web Server");
            assertThat(web.get("replicas").asInt()).isEqualTo(3);
            assertThat(web.get("utilization").asDouble()).isEqualTo(42.5);
            assertThat(web.get("health").asString()).isEqualTo("healthy");
            // the cache has one replica and no circuit breaker: the web server hangs on it, the balancer with it
            assertThat(node(topology, "cache").get("is_spof").asBoolean()).isTrue();
            assertThat(node(topology, "search-index").get("is_spof").asBoolean())
                    .isFalse();
            assertThat(topology.get("edges").get(0).properties())
                    .extracting(Map.Entry::getKey)
                    .containsExactly("source", "target", "dependency_type", "weight", "critical");

            Api.Response simulated = roles.operator().postRaw("/api/simulate-failure/database", "", "application/json");
            assertThat(simulated.status()).as(simulated.text()).isEqualTo(200);
            JsonNode result = simulated.json();
            assertThat(result.properties())
                    .extracting(Map.Entry::getKey)
                    .containsExactly(
                            "root_cause",
                            "total_affected",
                            "risk_score",
                            "waves",
                            "blast_radius_score",
                            "recovery_time_estimate");
            assertThat(result.get("root_cause").asString()).isEqualTo("database");
            // wave 1: the three services that need it down, the worker behind its breaker degraded;
            // wave 2: the gateway, whose soft dependencies on them fail fast: (3 + ½·2) ÷ 11
            assertThat(result.get("total_affected").asInt()).isEqualTo(5);
            assertThat(result.get("blast_radius_score").asDouble()).isEqualTo(0.36);
            assertThat(result.get("risk_score").asDouble()).isEqualTo(4.2);
            assertThat(result.get("recovery_time_estimate").asString()).isEqualTo("15-30 minutes");
            JsonNode waves = result.get("waves");
            assertThat(waves.get(0).get("wave").asInt()).isZero();
            assertThat(waves.get(0).get("components").get(0).properties())
                    .extracting(Map.Entry::getKey)
                    .containsExactly("id", "health", "reason");
            assertThat(waves.get(1).get("components"))
                    .extracting(
                            c -> c.get("id").asString() + "=" + c.get("health").asString())
                    .containsExactly(
                            "auth-service=down",
                            "notification-worker=degraded",
                            "order-service=down",
                            "payment-service=down");
            assertThat(waves.get(2).get("components"))
                    .extracting(
                            c -> c.get("id").asString() + "=" + c.get("health").asString())
                    .containsExactly("api-gateway=degraded");
        }

        @Test
        void theSeedsWhatIfBodyRaisesTheScoreAndLoadingTheDemoAgainChangesNothing() {
            double baseline =
                    loadDemo().json().get("metadata").get("resilience_score").asDouble();
            Api.Response whatIf = roles.operator().postRaw("/api/whatif/calculate", """
                    {"modifications": {
                      "database": {"replicas": 3, "failover": true},
                      "cache": {"circuit_breaker": true}}}""", "application/json");
            assertThat(whatIf.status()).as(whatIf.text()).isEqualTo(200);
            JsonNode result = whatIf.json();
            assertThat(result.get("baseline_score").asDouble()).isEqualTo(baseline);
            assertThat(result.get("resilience_score").asDouble()).isGreaterThan(baseline);
            assertThat(result.get("delta").asDouble())
                    .isCloseTo(
                            result.get("resilience_score").asDouble() - baseline,
                            org.assertj.core.data.Offset.offset(0.05));
            assertThat(result.get("spofs_before"))
                    .extracting(JsonNode::asString)
                    .contains("cache", "database");
            assertThat(result.get("spofs_after")).extracting(JsonNode::asString).doesNotContain("cache", "database");
            // nothing stored
            assertThat(roles.viewer()
                            .get("/api/topology")
                            .json()
                            .get("metadata")
                            .get("resilience_score")
                            .asDouble())
                    .isEqualTo(baseline);

            loadDemo();
            assertThat(roles.viewer().get("/api/score-history").json().get("history"))
                    .hasSize(1);
        }

        @Test
        void doesNotOverwriteAnImportedTopologyAndNeedsAnAdmin() {
            assertThat(roles.operator().get("/demo").status()).isEqualTo(403);
            assertThat(importYaml(roles.admin(), CHAIN_YAML).status()).isEqualTo(200);
            Api.Response refused = roles.admin().get("/demo");
            assertThat(refused.status()).isEqualTo(409);
            assertThat(refused.json().get("code").asInt()).isEqualTo(409);
        }
    }

    @Nested
    class GetTopology {

        @Test
        void anEmptyProjectHasAnEmptyGraphScoring100() {
            JsonNode topology = roles.viewer().get("/api/v1/topology").json();
            assertThat(topology.get("nodes")).isEmpty();
            assertThat(topology.get("metadata").get("resilience_score").asDouble())
                    .isEqualTo(100.0);
        }

        @Test
        void anotherTenantSeesItsOwnProjectAndCannotNameOurs() {
            loadDemo();
            Api other = server.withKey(fixtures.newTenant().adminKey());
            assertThat(other.get("/api/topology").json().get("nodes")).isEmpty();
            assertThat(other.postRaw("/api/simulate-failure/database", "", "application/json")
                            .status())
                    .isEqualTo(404);
            Api.Response unknownProject =
                    other.get("/api/topology?organizationIdentifier=default" + "&projectIdentifier=no_such_project");
            assertThat(unknownProject.status()).isEqualTo(404);
        }

        @Test
        void withoutAKeyIs401() {
            assertThat(server.get("/api/topology").status()).isEqualTo(401);
            assertThat(server.get("/demo").status()).isEqualTo(401);
        }
    }

    @Nested
    class SimulateFailure {

        @Test
        void losesSomeReplicasWhenAsked() {
            importYaml(roles.admin(), """
                    components:
                      - {id: api}
                      - {id: db, replicas: 3, utilization: 60}
                    edges:
                      - {source: api, target: db}
                    """);
            JsonNode oneLost = roles.operator()
                    .postRaw("/api/simulate-failure/db?replicas_lost=1", "", "application/json")
                    .json();
            assertThat(oneLost.get("total_affected").asInt()).isZero();
            assertThat(oneLost.get("waves")
                            .get(0)
                            .get("components")
                            .get(0)
                            .get("reason")
                            .asString())
                    .isEqualTo("1 of 3 replicas lost; the other 2 carry 90.0%");
            JsonNode twoLost = roles.operator()
                    .postRaw("/api/v1/simulate-failure/db", "{\"replicas_lost\":2}", "application/json")
                    .json();
            assertThat(twoLost.get("total_affected").asInt()).isEqualTo(1);
        }

        @Test
        void anUnknownComponentIs404AndABadReplicaCountIsNamed() {
            importYaml(roles.admin(), CHAIN_YAML);
            Api.Response unknown = roles.operator().postRaw("/api/simulate-failure/Z", "", "application/json");
            assertThat(unknown.status()).isEqualTo(404);
            assertThat(unknown.json().get("error").asString()).contains("component 'Z' not found");
            Api.Response tooMany =
                    roles.operator().postRaw("/api/simulate-failure/C?replicas_lost=2", "", "application/json");
            assertThat(tooMany.status()).isEqualTo(400);
            assertThat(tooMany.json().get("errors").get(0).get("field").asString())
                    .isEqualTo("replicas_lost");
        }

        @Test
        void aViewerMayNotSimulate() {
            importYaml(roles.admin(), CHAIN_YAML);
            assertThat(roles.viewer()
                            .postRaw("/api/simulate-failure/C", "", "application/json")
                            .status())
                    .isEqualTo(403);
        }
    }

    @Nested
    class WhatIf {

        @Test
        void aSecondReplicaOfTheChainsEndScores83Point3AndExportsAYamlTheImportReadsBack() {
            importYaml(roles.admin(), CHAIN_YAML);
            JsonNode result = roles.operator()
                    .post("/api/whatif/calculate", Map.of("modifications", Map.of("C", Map.of("replicas", 2))))
                    .json();
            assertThat(result.get("baseline_score").asDouble()).isEqualTo(50.0);
            assertThat(result.get("resilience_score").asDouble()).isEqualTo(83.3);
            assertThat(result.get("delta").asDouble()).isEqualTo(33.3);

            Api.Response export = roles.operator()
                    .post("/api/v1/whatif/export", Map.of("modifications", Map.of("C", Map.of("replicas", 2))));
            assertThat(export.status()).isEqualTo(200);
            assertThat(export.contentType()).startsWith("application/yaml");
            assertThat(export.header("Content-Disposition")).isEqualTo("attachment; filename=\"modified-infra.yaml\"");
            assertThat(export.text()).contains("circuit_breaker: false").contains("dependency_type: \"hard\"");

            JsonNode imported = importYaml(roles.admin(), export.text()).json();
            assertThat(imported.get("metadata").get("resilience_score").asDouble())
                    .isEqualTo(83.3);
            assertThat(node(imported, "C").get("utilization").asDouble()).isEqualTo(40.0);
            assertThat(node(imported, "B").get("utilization").isNull()).isTrue();
        }

        @Test
        void unknownComponentsAndReplicasBelowOneAreNamedAtTheirField() {
            importYaml(roles.admin(), CHAIN_YAML);
            Api.Response bad = roles.operator()
                    .post(
                            "/api/whatif/calculate",
                            Map.of("modifications", Map.of("Z", Map.of("failover", true), "C", Map.of("replicas", 0))));
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.json().get("errors"))
                    .extracting(e -> e.get("field").asString())
                    .containsExactlyInAnyOrder("modifications.Z", "modifications.C.replicas");
            Api.Response missing = roles.operator().post("/api/whatif/calculate", Map.of());
            assertThat(missing.status()).isEqualTo(400);
            assertThat(missing.json().get("errors").get(0).get("field").asString())
                    .isEqualTo("modifications");
        }

        @Test
        void aViewerMayNotAskAndAnotherTenantDoesNotSeeOurComponents() {
            importYaml(roles.admin(), CHAIN_YAML);
            Map<String, Object> body = Map.of("modifications", Map.of("C", Map.of("replicas", 2)));
            assertThat(roles.viewer().post("/api/whatif/calculate", body).status())
                    .isEqualTo(403);
            Api other = server.withKey(fixtures.newTenant().adminKey());
            assertThat(other.post("/api/whatif/calculate", body).status()).isEqualTo(400);
        }
    }

    @Nested
    class Import {

        @Test
        void eachChangeIsARevisionInTheScoreHistory() {
            assertThat(importYaml(roles.admin(), CHAIN_YAML).status()).isEqualTo(200);
            assertThat(importYaml(roles.admin(), CHAIN_YAML).status()).isEqualTo(200);
            assertThat(importYaml(roles.admin(), CHAIN_YAML.replace("{id: C, type: database,", "{id: C, replicas: 2,"))
                            .status())
                    .isEqualTo(200);
            JsonNode history =
                    roles.viewer().get("/api/score-history?limit=30").json().get("history");
            assertThat(history).extracting(h -> h.get("revision").asInt()).containsExactly(1, 2);
            assertThat(history)
                    .extracting(h -> h.get("resilience_score").asDouble())
                    .containsExactly(50.0, 83.3);
            assertThat(history).extracting(h -> h.get("delta").asDouble()).containsExactly(0.0, 33.3);
            assertThat(history.get(0).properties())
                    .extracting(Map.Entry::getKey)
                    .containsExactly("timestamp", "resilience_score", "delta", "revision");
            assertThat(roles.viewer()
                            .get("/api/v1/score-history?limit=1")
                            .json()
                            .get("history"))
                    .extracting(h -> h.get("revision").asInt())
                    .containsExactly(2);
        }

        @Test
        void badDocumentsAreNamedAtTheirFields() {
            Api.Response bad = importYaml(roles.admin(), """
                    components:
                      - {id: A, replicas: 0}
                      - {id: "bad id"}
                      - {id: C, utilization: -1, health: sick}
                    edges:
                      - {source: A, target: C, dependency_type: sometimes, weight: 2}
                    """);
            assertThat(bad.status()).as(bad.text()).isEqualTo(400);
            assertThat(bad.json().get("errors"))
                    .extracting(e -> e.get("field").asString())
                    .containsExactly(
                            "components[0].replicas",
                            "components[1].id",
                            "components[2].utilization",
                            "components[2].health",
                            "edges[0].dependency_type",
                            "edges[0].weight");
            Api.Response dangling = importYaml(roles.admin(), """
                    components: [{id: A}]
                    edges: [{source: A, target: Q}]
                    """);
            assertThat(dangling.json().get("errors").get(0).get("field").asString())
                    .isEqualTo("edges[0].target");
            assertThat(importYaml(roles.admin(), "edges: []")
                            .json()
                            .get("errors")
                            .get(0)
                            .get("field")
                            .asString())
                    .isEqualTo("components");
            Api.Response limit = roles.viewer().get("/api/score-history?limit=101");
            assertThat(limit.status()).isEqualTo(400);
            assertThat(limit.json().get("errors").get(0).get("field").asString())
                    .isEqualTo("limit");
        }

        @Test
        void labelsAreKeptPerComponentShownExportedAndReplacedByRediscovery() {
            JsonNode imported = importYaml(roles.admin(), """
                    components:
                      - {id: api, labels: {team: payments, provider: aws, region: us-east-1}}
                      - {id: db, labels: {"app.kubernetes.io/part-of": shop, "topology.kubernetes.io/region": eu-west-1}}
                      - {id: cache}
                    edges:
                      - {source: api, target: db}
                    """).json();
            assertThat(node(imported, "api").get("labels").get("team").asString())
                    .isEqualTo("payments");
            assertThat(node(imported, "api").get("labels").properties())
                    .extracting(Map.Entry::getKey)
                    .containsExactly("provider", "region", "team");
            assertThat(node(imported, "db")
                            .get("labels")
                            .get("topology.kubernetes.io/region")
                            .asString())
                    .isEqualTo("eu-west-1");
            assertThat(node(imported, "cache").has("labels")).isFalse();
            assertThat(node(roles.viewer().get("/api/topology").json(), "api")
                            .get("labels")
                            .get("region")
                            .asString())
                    .isEqualTo("us-east-1");

            String export = roles.operator()
                    .post("/api/v1/whatif/export", Map.of("modifications", Map.of()))
                    .text();
            assertThat(export).contains("team: \"payments\"");
            JsonNode again = importYaml(roles.admin(), export).json();
            assertThat(node(again, "db")
                            .get("labels")
                            .get("app.kubernetes.io/part-of")
                            .asString())
                    .isEqualTo("shop");
            // the same graph with the same labels is no new revision
            assertThat(roles.viewer().get("/api/score-history").json().get("history"))
                    .hasSize(1);

            ProjectScope scope = new ProjectScope(
                    tenant.accountId(), ProjectScope.DEFAULT_ORGANIZATION, ProjectScope.DEFAULT_PROJECT);
            Topology found = Topology.of(
                    List.of(
                            Component.of("api").withLabels(Map.of("team", "checkout", "region", "us-west-2")),
                            Component.of("db")),
                    List.of(Dependency.of("api", "db", DependencyType.HARD)));
            Topology seen = tenants.callAs(
                    tenant.accountId(),
                    () -> transactions.execute(status -> {
                        store.replaceFound(scope, found);
                        return store.load(scope);
                    }));
            assertThat(seen.component("api").orElseThrow().labels())
                    .containsExactly(Map.entry("region", "us-west-2"), Map.entry("team", "checkout"));
            assertThat(seen.component("db").orElseThrow().labels()).isEmpty();
        }

        @Test
        void badLabelsAreNamedAtTheirField() {
            Api.Response bad = importYaml(roles.admin(), """
                    components:
                      - {id: A, labels: {"bad name!": x}}
                      - {id: B, labels: {team: "not a value"}}
                    """);
            assertThat(bad.status()).as(bad.text()).isEqualTo(400);
            assertThat(bad.json().get("errors"))
                    .extracting(e -> e.get("field").asString())
                    .containsExactly("components[0].labels.bad name!", "components[1].labels.team");
            assertThat(roles.viewer().get("/api/topology").json().get("nodes")).isEmpty();
        }

        @Test
        void onlyAnAdminImports() {
            assertThat(importYaml(roles.operator(), CHAIN_YAML).status()).isEqualTo(403);
            assertThat(roles.viewer().get("/api/topology").json().get("nodes")).isEmpty();
        }

        @Test
        void overridesSurviveRediscovery() {
            importYaml(roles.admin(), """
                    components:
                      - {id: api, type: gateway, failover: true, utilization: 70}
                      - {id: db, circuit_breaker: true}
                    edges:
                      - {source: api, target: db, dependency_type: soft}
                    """);
            ProjectScope scope = new ProjectScope(
                    tenant.accountId(), ProjectScope.DEFAULT_ORGANIZATION, ProjectScope.DEFAULT_PROJECT);
            // discovery finds both again, knowing nothing of what people set, plus a new component
            Topology found = Topology.of(
                    List.of(Component.of("api").withReplicas(4), Component.of("db"), Component.of("worker")),
                    List.of(
                            Dependency.of("api", "db", DependencyType.HARD),
                            Dependency.of("worker", "db", DependencyType.HARD)));
            Topology seen = tenants.callAs(
                    tenant.accountId(),
                    () -> transactions.execute(status -> {
                        store.replaceFound(scope, found);
                        return store.load(scope);
                    }));
            Component api = seen.component("api").orElseThrow();
            assertThat(api.replicas()).isEqualTo(4);
            assertThat(api.type()).isEqualTo("gateway");
            assertThat(api.failover()).isTrue();
            assertThat(api.utilization()).isEqualTo(70.0);
            assertThat(seen.component("db").orElseThrow().circuitBreaker()).isTrue();
            assertThat(seen.dependencies())
                    .containsExactlyInAnyOrder(
                            Dependency.of("api", "db", DependencyType.SOFT),
                            Dependency.of("worker", "db", DependencyType.HARD));
        }
    }
}
