package io.chaosplane.controlplane.hub;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosplane.controlplane.support.FakeAgent;
import io.chaosplane.controlplane.support.Fixtures;
import io.chaosplane.controlplane.support.IntegrationTest;
import io.chaosplane.controlplane.support.Keys.RoleMatrix;
import io.chaosplane.testsupport.Api;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** The catalogue read as data, and replays on the demo topology whose figures are computed by hand. */
@IntegrationTest
class IncidentReplayTest {

    @LocalServerPort
    int port;

    @Autowired
    Fixtures fixtures;

    Api server;
    RoleMatrix roles;

    @BeforeEach
    void setUp() {
        server = new Api(port);
        roles = RoleMatrix.of(server, fixtures.newTenant());
    }

    private static List<String> waves(JsonNode replay) {
        return StreamSupport.stream(replay.get("waves").spliterator(), false)
                .flatMap(wave -> StreamSupport.stream(wave.get("components").spliterator(), false)
                        .map(c -> wave.get("wave").asInt() + ":" + c.get("id").asString() + "="
                                + c.get("health").asString()))
                .toList();
    }

    private static JsonNode survivor(JsonNode replay, String id) {
        return StreamSupport.stream(replay.get("survivors").spliterator(), false)
                .filter(s -> s.get("id").asString().equals(id))
                .findFirst()
                .orElseThrow();
    }

    private Api.Response replay(Api caller, String path, Object body) {
        return body == null ? caller.postRaw(path, "", "application/json") : caller.post(path, body);
    }

    @Nested
    class TheCatalogue {

        @Test
        void listsAtLeastTwelveIncidentsNewestFirstWithTheirPostMortems() {
            JsonNode all = roles.viewer().get("/api/incidents?pageSize=100").json();
            assertThat(all.get("kind").asString()).isEqualTo("IncidentList");
            assertThat(all.get("total").asInt()).isGreaterThanOrEqualTo(12);
            JsonNode first = all.get("items").get(0);
            assertThat(first.properties())
                    .extracting(Map.Entry::getKey)
                    .containsExactly(
                            "id",
                            "title",
                            "provider",
                            "date",
                            "duration_minutes",
                            "affected_services",
                            "affected_regions",
                            "failure_mode",
                            "postmortem_url",
                            "component_types",
                            "emulation");
            List<String> dates = StreamSupport.stream(all.get("items").spliterator(), false)
                    .map(i -> i.get("date").asString())
                    .toList();
            assertThat(dates).isSortedAccordingTo(java.util.Comparator.reverseOrder());
            assertThat(StreamSupport.stream(all.get("items").spliterator(), false)
                            .map(i -> i.get("postmortem_url").asString()))
                    .allMatch(url -> url.startsWith("https://"));
        }

        @Test
        void filtersByProviderAndPagesWithPageAndPageSize() {
            JsonNode aws = roles.viewer().get("/api/v1/incidents?provider=aws").json();
            assertThat(aws.get("total").asInt()).isEqualTo(4);
            assertThat(aws.get("items"))
                    .extracting(i -> i.get("provider").asString())
                    .containsOnly("aws");

            JsonNode second = roles.viewer()
                    .get("/api/incidents?provider=aws&page=2&pageSize=3")
                    .json();
            assertThat(second.get("items")).hasSize(1);
            assertThat(second.get("items").get(0).get("id").asString()).isEqualTo("aws-dynamodb-us-east-1-2015");
            assertThat(second.get("metadata").get("page").asInt()).isEqualTo(2);
            assertThat(second.get("metadata").get("totalCount").asInt()).isEqualTo(4);

            assertThat(roles.viewer()
                            .get("/api/incidents?provider=gcp")
                            .json()
                            .get("total")
                            .asInt())
                    .isEqualTo(2);
            assertThat(roles.viewer()
                            .get("/api/incidents?provider=azure")
                            .json()
                            .get("total")
                            .asInt())
                    .isEqualTo(2);
        }

        @Test
        void anUnknownProviderOrPageIsABadRequestAndAnotherTenantsProjectIsNotFound() {
            Api.Response unknown = roles.viewer().get("/api/incidents?provider=oracle");
            assertThat(unknown.status()).isEqualTo(400);
            assertThat(unknown.text()).contains("provider").contains("aws");
            assertThat(roles.viewer().get("/api/incidents?pageSize=0").status()).isEqualTo(400);
            assertThat(server.get("/api/incidents").status()).isEqualTo(401);
            Api other = server.withKey(fixtures.newTenant().adminKey());
            assertThat(other.get("/api/incidents?organizationIdentifier=default&projectIdentifier=nope")
                            .status())
                    .isEqualTo(404);
        }
    }

    @Test
    void everyRouteIsInTheOpenApiDocumentWithAnExample() {
        JsonNode paths = server.withKey(fixtures.newTenant().adminKey())
                .get("/v3/api-docs")
                .json()
                .get("paths");
        for (String[] operation : new String[][] {
            {"/api/incidents", "get", "200"},
            {"/api/v1/incidents", "get", "200"},
            {"/api/replay/{incident_id}", "post", "200"},
            {"/api/v1/replay/{incident_id}", "post", "200"},
            {"/api/marketplace/packages", "get", "200"},
            {"/api/v1/marketplace/install/{package_id}", "post", "200"},
            {"/api/marketplace/hubs", "post", "201"},
            {"/api/marketplace/hubs/{identifier}/refresh", "post", "200"}
        }) {
            JsonNode content = paths.get(operation[0])
                    .get(operation[1])
                    .get("responses")
                    .get(operation[2])
                    .get("content")
                    .get("application/json");
            assertThat(content.has("examples") || content.has("example"))
                    .as("%s %s", operation[1], operation[0])
                    .isTrue();
        }
    }

    /** Where components run comes from their labels (discovery's, or the import's) unless the request says. */
    @Test
    void componentsArePlacedByTheirProviderAndRegionLabels() {
        Api.Response imported = roles.admin().send("PUT", "/api/v1/topology", """
                        components:
                          - {id: api, type: service, labels: {provider: aws, region: us-east-1}}
                          - {id: db, type: database, replicas: 2, labels: {provider: aws, region: eu-west-1}}
                          - {id: store, type: database, labels: {"topology.kubernetes.io/region": eu-west-1}}
                          - {id: ledger, type: database, labels: {team: payments}}
                        edges:
                          - {source: api, target: db}
                        """, "application/yaml");
        assertThat(imported.status()).as(imported.text()).isEqualTo(200);

        JsonNode replay = replay(roles.operator(), "/api/replay/aws-dynamodb-us-east-1-2015", null)
                .json();
        // ledger has no placement label: it runs where the project does, by default where the incident struck
        assertThat(replay.get("struck")).extracting(JsonNode::asString).containsExactly("ledger");
        assertThat(survivor(replay, "db").get("reason").asString())
                .isEqualTo("runs in aws eu-west-1, outside the incident (aws us-east-1)");
        assertThat(survivor(replay, "store").get("reason").asString())
                .isEqualTo("runs in aws eu-west-1, outside the incident (aws us-east-1)");

        // the request still wins over the labels
        JsonNode moved = replay(
                        roles.operator(),
                        "/api/replay/aws-dynamodb-us-east-1-2015",
                        Map.of("placements", Map.of("db", Map.of("provider", "aws", "region", "us-east-1"))))
                .json();
        assertThat(moved.get("struck")).extracting(JsonNode::asString).containsExactly("db", "ledger");
    }

    @Nested
    class AReplayOnTheDemo {

        @BeforeEach
        void loadDemo() {
            assertThat(roles.admin().get("/demo").status()).isEqualTo(200);
        }

        /**
         * Kinesis takes the queue (one replica) down: the worker's hard dependency takes it down, the order and
         * payment services' async ones degrade them. (2 down + ½ · 2 degraded) ÷ 12 = 0.25, so the score is 75.0;
         * the cost 10,000 · 1028 ÷ 60 · 0.25 = 42,833.33.
         */
        @Test
        void theKinesisEventTakesTheQueueDownInWaveZeroAndItsCallersInWaveOne() {
            Api.Response response =
                    replay(roles.operator(), "/api/replay/aws-kinesis-us-east-1-2020?revenue_per_hour=10000", null);
            assertThat(response.status()).as(response.text()).isEqualTo(200);
            JsonNode replay = response.json();

            assertThat(replay.get("struck")).extracting(JsonNode::asString).containsExactly("queue");
            assertThat(waves(replay))
                    .containsExactly(
                            "0:queue=down",
                            "1:notification-worker=down",
                            "1:order-service=degraded",
                            "1:payment-service=degraded");
            assertThat(replay.get("total_affected").asInt()).isEqualTo(4);
            assertThat(replay.get("components_down").asInt()).isEqualTo(2);
            assertThat(replay.get("impaired_share").asDouble()).isEqualTo(0.25);
            assertThat(replay.get("resilience_score").asDouble()).isEqualTo(75.0);
            assertThat(replay.get("estimated_cost").asDouble()).isEqualTo(42833.33);
            assertThat(replay.get("recovery_time_estimate").asString()).isEqualTo("5-15 minutes");
            assertThat(replay.get("placement").get("region").asString()).isEqualTo("us-east-1");
            assertThat(survivor(replay, "order-service").get("reason").asString())
                    .isEqualTo("async dependency on queue is down: its work backs up");
            assertThat(survivor(replay, "cache").get("reason").asString())
                    .isEqualTo("not of an affected type, and none of its dependencies went down");
            assertThat(survivor(replay, "api-gateway").get("reason").asString())
                    .contains("order-service only degraded");
            assertThat(replay.get("survivors")).hasSize(10);
            assertThat(replay.get("workflow").isNull()).isTrue();
            assertThat(replay.get("how_computed").asString()).contains("(down + ½ degraded) ÷ 12");
        }

        /**
         * DynamoDB takes the database down: the auth, order and payment services need it (hard), the worker's soft
         * dependency goes through the database's circuit breaker (degraded); in wave 2 the gateway, whose soft
         * dependencies on auth and order fail fast behind their breakers, degrades. (4 + ½ · 2) ÷ 12 → 58.3.
         */
        @Test
        void theDynamoDbEventCascadesInTwoWaves() {
            JsonNode replay = replay(roles.operator(), "/api/v1/replay/aws-dynamodb-us-east-1-2015", Map.of())
                    .json();

            assertThat(waves(replay))
                    .containsExactly(
                            "0:database=down",
                            "1:auth-service=down",
                            "1:notification-worker=degraded",
                            "1:order-service=down",
                            "1:payment-service=down",
                            "2:api-gateway=degraded");
            assertThat(replay.get("resilience_score").asDouble()).isEqualTo(58.3);
            assertThat(replay.get("estimated_cost").isNull()).isTrue();
            assertThat(replay.get("recovery_time_estimate").asString()).isEqualTo("15-30 minutes");
        }

        @Test
        void aComponentPlacedOutsideTheIncidentSurvivesWithItsPlacementAsTheReason() {
            JsonNode replay = replay(
                            roles.operator(),
                            "/api/replay/aws-dynamodb-us-east-1-2015",
                            Map.of("placements", Map.of("database", Map.of("region", "eu-west-1", "provider", "aws"))))
                    .json();

            assertThat(replay.get("struck")).isEmpty();
            assertThat(replay.get("waves")).isEmpty();
            assertThat(replay.get("resilience_score").asDouble()).isEqualTo(100.0);
            assertThat(survivor(replay, "database").get("reason").asString())
                    .isEqualTo("runs in aws eu-west-1, outside the incident (aws us-east-1)");

            // the whole project elsewhere: an Azure identity outage reaches nothing on AWS
            JsonNode azure = replay(
                            roles.operator(),
                            "/api/replay/azure-south-central-us-2018",
                            Map.of("placement", Map.of("provider", "aws", "region", "us-east-1")))
                    .json();
            assertThat(azure.get("struck")).isEmpty();
        }

        /**
         * A region-wide event strikes every component placed there: the load balancer's failover keeps it degraded in
         * wave 0, but it needs the web server (hard), which is down, so it ends down in wave 1. Nothing survives.
         */
        @Test
        void aRegionWideEventStrikesEveryComponent() {
            JsonNode replay = replay(roles.operator(), "/api/replay/aws-us-east-1-network-2021", null)
                    .json();

            assertThat(replay.get("struck")).hasSize(12);
            assertThat(replay.get("components_down").asInt()).isEqualTo(12);
            assertThat(waves(replay)).hasSize(12).contains("1:load-balancer=down");
            assertThat(replay.get("survivors")).isEmpty();
            assertThat(replay.get("resilience_score").asDouble()).isEqualTo(0.0);
        }

        @Test
        void experimentTrueWritesAnEmulatingWorkflowThatWaitsForReview() {
            FakeAgent.install(server, roles.admin(), "replay_host");
            Api.Response missing = replay(roles.admin(), "/api/replay/dyn-dns-2016?experiment=true", Map.of());
            assertThat(missing.status()).isEqualTo(400);
            assertThat(missing.text()).contains("infrastructure");

            Map<String, Object> body = Map.of("infrastructure", "replay_host", "hosts", List.of("shop.example.com"));
            JsonNode replay = replay(roles.admin(), "/api/replay/dyn-dns-2016?experiment=true", body)
                    .json();
            JsonNode workflow = replay.get("workflow");
            assertThat(workflow.get("name").asString()).isEqualTo("replay-dyn-dns-2016");
            assertThat(workflow.get("created").asBoolean()).isTrue();
            assertThat(workflow.get("phase").asString()).isEqualTo("Suspended");

            JsonNode experiment = roles.viewer()
                    .get("/api/v1/experiments/default/replay-dyn-dns-2016")
                    .json();
            assertThat(experiment.get("spec").get("action").get("type").asString())
                    .isEqualTo("linux-dns-error");
            assertThat(experiment
                            .get("spec")
                            .get("action")
                            .get("parameters")
                            .get("HostNames")
                            .asString())
                    .isEqualTo("shop.example.com");
            // never started: the experiment has no run, the workflow waits at its review step
            assertThat(roles.viewer()
                            .get("/api/v1/experiments/default/replay-dyn-dns-2016/runs")
                            .json()
                            .get("total")
                            .asInt())
                    .isZero();

            JsonNode again = replay(roles.admin(), "/api/replay/dyn-dns-2016?experiment=true", body)
                    .json();
            assertThat(again.get("workflow").get("created").asBoolean()).isFalse();
            assertThat(again.get("workflow").get("phase").asString()).isEqualTo("Suspended");
            assertThat(roles.viewer()
                            .get("/api/v1/workflows?pageSize=100")
                            .json()
                            .get("total")
                            .asInt())
                    .isEqualTo(1);
        }

        @Test
        void badInputWrongRoleUnknownIncidentAndAnotherTenant() {
            assertThat(replay(roles.operator(), "/api/replay/no-such-incident", null)
                            .status())
                    .isEqualTo(404);
            assertThat(replay(roles.viewer(), "/api/replay/fastly-2021", null).status())
                    .isEqualTo(403);
            Api.Response revenue = replay(roles.operator(), "/api/replay/fastly-2021?revenue_per_hour=-5", null);
            assertThat(revenue.status()).isEqualTo(400);
            assertThat(revenue.text()).contains("revenue_per_hour");
            Api.Response unknown = replay(
                    roles.operator(),
                    "/api/replay/fastly-2021",
                    Map.of("placements", Map.of("nope", Map.of("provider", "aws", "region", "x"))));
            assertThat(unknown.status()).isEqualTo(400);
            assertThat(unknown.text()).contains("placements.nope");
            Api.Response badRegion = replay(
                    roles.operator(),
                    "/api/replay/fastly-2021",
                    Map.of("placement", Map.of("provider", "AWS!", "region", "us-east-1")));
            assertThat(badRegion.status()).isEqualTo(400);
            assertThat(badRegion.text()).contains("placement.provider");
            // an operator may replay, not write the emulating experiment (an admin's act)
            assertThat(replay(
                                    roles.operator(),
                                    "/api/replay/fastly-2021?experiment=true",
                                    Map.of("infrastructure", "x"))
                            .status())
                    .isEqualTo(403);

            Api other = server.withKey(fixtures.newTenant().adminKey());
            JsonNode theirs = replay(other, "/api/replay/aws-dynamodb-us-east-1-2015", null)
                    .json();
            assertThat(theirs.get("struck")).isEmpty();
            assertThat(theirs.get("survivors")).isEmpty();
        }
    }
}
