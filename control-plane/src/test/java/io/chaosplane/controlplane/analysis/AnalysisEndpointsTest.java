package io.chaosplane.controlplane.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.chaosplane.controlplane.support.Fixtures;
import io.chaosplane.controlplane.support.IntegrationTest;
import io.chaosplane.controlplane.support.Keys.RoleMatrix;
import io.chaosplane.testsupport.Api;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@IntegrationTest
class AnalysisEndpointsTest {

    /** A → B → C, single replicas: 0.99³ = 0.970299. */
    static final String CHAIN = """
            components:
              - {id: A, type: service}
              - {id: B, type: service}
              - {id: C, type: service}
            edges:
              - {source: A, target: B}
              - {source: B, target: C}
            """;

    /** A needs B and C, both need D: D counts once, 0.99⁴ = 0.96059601. */
    static final String DIAMOND = """
            components: [{id: A}, {id: B}, {id: C}, {id: D}]
            edges:
              - {source: A, target: B}
              - {source: A, target: C}
              - {source: B, target: D}
              - {source: C, target: D}
            """;

    /** Three web replicas hanging on one cache through a soft edge without a breaker. */
    static final String SPOF = """
            components:
              - {id: web, type: server, replicas: 3}
              - {id: cache, type: cache}
            edges:
              - {source: web, target: cache, dependency_type: soft}
            """;

    @LocalServerPort
    int port;

    @Autowired
    Fixtures fixtures;

    @Autowired
    PeerAggregateJob job;

    Api server;
    Fixtures.Tenant tenant;
    RoleMatrix roles;

    @BeforeEach
    void setUp() {
        server = new Api(port);
        tenant = fixtures.newTenant();
        roles = RoleMatrix.of(server, tenant);
    }

    private void importYaml(Api admin, String yaml) {
        Api.Response imported = admin.send("PUT", "/api/v1/topology", yaml, "application/yaml");
        assertThat(imported.status()).as(imported.text()).isEqualTo(200);
    }

    private static JsonNode ok(Api.Response response) {
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        return response.json();
    }

    private static void badField(Api.Response response, String field) {
        assertThat(response.status()).as(response.text()).isEqualTo(400);
        assertThat(response.json().get("code").asInt()).isEqualTo(400);
        assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo(field);
    }

    private static List<String> texts(JsonNode array, String member) {
        return StreamSupport.stream(array.spliterator(), false)
                .map(node -> node.get(member).asString())
                .toList();
    }

    /** An experiment of the tenant's default project, put in place by the database owner. */
    private UUID experiment(String accountId, String name) {
        UUID id = UUID.randomUUID();
        fixtures.asOwner(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("""
                    INSERT INTO experiments (id, account_id, org_identifier, project_identifier, namespace, name,
                                             manifest, created_by)
                    VALUES (?, ?, 'default', 'default_project', 'chaos', ?, '{}'::jsonb, 'seed')""")) {
                statement.setObject(1, id);
                statement.setString(2, accountId);
                statement.setString(3, name);
                statement.executeUpdate();
            }
        });
        return id;
    }

    /** A finished run; Failed with a fault's error when {@code error} is given. */
    private UUID run(
            String accountId,
            UUID experiment,
            int sequence,
            String phase,
            int faultsFailed,
            Instant done,
            String error) {
        UUID id = UUID.randomUUID();
        fixtures.asOwner(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("""
                    INSERT INTO experiment_runs (id, account_id, experiment_id, org_identifier, project_identifier,
                        run_sequence, phase, faults_total, faults_passed, faults_failed, message, created_by,
                        created_at, started_at, finished_at)
                    VALUES (?, ?, ?, 'default', 'default_project', ?, ?, 1, ?, ?, '', 'seed', ?, ?, ?)""")) {
                statement.setObject(1, id);
                statement.setString(2, accountId);
                statement.setObject(3, experiment);
                statement.setInt(4, sequence);
                statement.setString(5, phase);
                statement.setInt(6, 1 - faultsFailed);
                statement.setInt(7, faultsFailed);
                statement.setTimestamp(8, Timestamp.from(done.minusSeconds(60)));
                statement.setTimestamp(9, Timestamp.from(done.minusSeconds(60)));
                statement.setTimestamp(10, Timestamp.from(done));
                statement.executeUpdate();
            }
            if (error != null) {
                try (PreparedStatement statement = connection.prepareStatement("""
                        INSERT INTO run_faults (id, account_id, run_id, step_index, position, name, fault_type, weight,
                            chaos, duration_seconds, task_name, stream_id, phase, verdict, error_code, error_reason)
                        VALUES (?, ?, ?, 0, 0, 'kill-it', 'linux-process-kill', 5, '{}'::jsonb, 30, ?, ?, 'Failed',
                                'Fail', 'TARGET_NOT_FOUND', ?)""")) {
                    statement.setObject(1, UUID.randomUUID());
                    statement.setString(2, accountId);
                    statement.setObject(3, id);
                    statement.setString(4, "task-" + id);
                    statement.setString(5, "stream-" + id);
                    statement.setString(6, error);
                    statement.executeUpdate();
                }
            }
        });
        return id;
    }

    @Nested
    class ArchitectureAdvice {

        @Test
        void onTheChainTheEstimateAndEachGreedyChangeAreAsComputedByHand() {
            importYaml(roles.admin(), CHAIN);
            JsonNode advice = ok(roles.viewer().get("/api/architecture-advice?target_nines=2.0"));
            assertThat(advice.get("availability").asDouble()).isEqualTo(0.970299);
            assertThat(advice.get("nines").asDouble()).isEqualTo(1.53);
            assertThat(advice.get("entry_points"))
                    .extracting(JsonNode::asString)
                    .containsExactly("A");
            assertThat(advice.get("critical_path"))
                    .extracting(JsonNode::asString)
                    .containsExactly("A", "B", "C");
            JsonNode changes = advice.get("changes");
            assertThat(texts(changes, "component")).containsExactly("A", "B", "C");
            assertThat(texts(changes, "change")).containsOnly("add_replicas");
            assertThat(changes.get(0).get("availability").asDouble()).isEqualTo(0.98000199);
            assertThat(changes.get(1).get("availability").asDouble()).isEqualTo(0.98980201);
            assertThat(changes.get(2).get("availability").asDouble()).isEqualTo(0.99970003);
            assertThat(advice.get("reached").asBoolean()).isTrue();
            assertThat(advice.get("method").asString()).contains("1 − q^r");

            // each change's body is one the what-if endpoint takes as it is
            JsonNode whatIf = changes.get(0).get("whatif");
            assertThat(whatIf.get("modifications").get("A").get("replicas").asInt())
                    .isEqualTo(2);
            Api.Response tried = roles.operator().post("/api/whatif/calculate", whatIf);
            assertThat(tried.status()).as(tried.text()).isEqualTo(200);
            Api.Response all = roles.operator().post("/api/whatif/calculate", advice.get("whatif"));
            assertThat(all.json().get("spofs_after")).isEmpty();
        }

        @Test
        void theDiamondCountsItsSharedDependencyOnceAndTheDefaultTargetIsFourNines() {
            importYaml(roles.admin(), DIAMOND);
            JsonNode advice = ok(roles.viewer().get("/api/v1/architecture-advice"));
            assertThat(advice.get("target_nines").asDouble()).isEqualTo(4.0);
            assertThat(advice.get("availability").asDouble()).isEqualTo(0.96059601);
            // four single replicas at 0.99 need a second replica each: 0.9999⁴ = 0.99960006 is 3.40 nines, then thirds
            assertThat(advice.get("reached").asBoolean()).isTrue();
            assertThat(advice.get("final_nines").asDouble()).isGreaterThanOrEqualTo(4.0);
        }

        @Test
        void theSpofIsFixedByOneCircuitBreaker() {
            importYaml(roles.admin(), SPOF);
            JsonNode advice = ok(roles.viewer().get("/api/architecture-advice?target_nines=5"));
            assertThat(advice.get("availability").asDouble()).isEqualTo(0.98999901);
            assertThat(advice.get("changes")).hasSize(1);
            JsonNode change = advice.get("changes").get(0);
            assertThat(change.get("component").asString()).isEqualTo("cache");
            assertThat(change.get("change").asString()).isEqualTo("circuit_breaker");
            assertThat(change.get("nines").asDouble()).isEqualTo(6.0);
            JsonNode whatIf = ok(roles.operator().post("/api/whatif/calculate", change.get("whatif")));
            assertThat(whatIf.get("spofs_before"))
                    .extracting(JsonNode::asString)
                    .containsExactly("cache");
            assertThat(whatIf.get("spofs_after")).isEmpty();
        }

        @Test
        void measuredRunFailuresLowerTheComponentsEstimate() {
            importYaml(roles.admin(), CHAIN);
            UUID kill = experiment(tenant.accountId(), "c-pod-kill");
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            run(tenant.accountId(), kill, 1, "Failed", 1, now.minusSeconds(3600), "no process");
            run(tenant.accountId(), kill, 2, "Completed", 0, now.minusSeconds(1800), null);
            JsonNode advice = ok(roles.viewer().get("/api/architecture-advice?target_nines=1"));
            JsonNode c = StreamSupport.stream(advice.get("components").spliterator(), false)
                    .filter(node -> node.get("id").asString().equals("C"))
                    .findFirst()
                    .orElseThrow();
            assertThat(c.get("runs_passed").asInt()).isEqualTo(1);
            assertThat(c.get("runs_failed").asInt()).isEqualTo(1);
            // q = 0.01 · (1 + ½)
            assertThat(c.get("own_availability").asDouble()).isEqualTo(0.985);
            assertThat(advice.get("availability").asDouble()).isEqualTo(0.9653985);
        }

        @Test
        void aTargetOutsideZeroToSixOrNotANumberIs400NamingTheField() {
            badField(roles.viewer().get("/api/architecture-advice?target_nines=0"), "target_nines");
            badField(roles.viewer().get("/api/architecture-advice?target_nines=6.5"), "target_nines");
            badField(roles.viewer().get("/api/architecture-advice?target_nines=NaN"), "target_nines");
            Api.Response text = roles.viewer().get("/api/architecture-advice?target_nines=four");
            assertThat(text.status()).isEqualTo(400);
        }

        @Test
        void anotherTenantSeesOnlyItsOwnEmptyProjectAndNoKeyIs401() {
            importYaml(roles.admin(), CHAIN);
            Api other = server.withKey(fixtures.newTenant().adminKey());
            JsonNode theirs = ok(other.get("/api/architecture-advice"));
            assertThat(theirs.get("components")).isEmpty();
            assertThat(theirs.get("availability").asDouble()).isEqualTo(1.0);
            assertThat(other.get("/api/architecture-advice?organizationIdentifier=default"
                                    + "&projectIdentifier=no_such_project")
                            .status())
                    .isEqualTo(404);
            assertThat(server.get("/api/architecture-advice").status()).isEqualTo(401);
        }
    }

    @Nested
    class CostAttribution {

        @Test
        void eachLinkOfTheChainCostsItsDowntimeAtFullTrafficPerTeamWithTheFixesThatSaveMost() {
            importYaml(roles.admin(), CHAIN);
            JsonNode team = ok(roles.admin().put("/api/v1/components/A/team", Map.of("team", "web")));
            assertThat(team.get("team").asString()).isEqualTo("web");

            JsonNode cost = ok(roles.viewer().get("/api/cost-attribution?revenue_per_hour=10000"));
            assertThat(cost.get("total_cost_per_year").asDouble()).isEqualTo(2_628_000.0);
            for (JsonNode line : cost.get("components")) {
                assertThat(line.get("downtime_hours_per_year").asDouble()).isEqualTo(87.6);
                assertThat(line.get("traffic_share").asDouble()).isEqualTo(1.0);
                assertThat(line.get("cost_per_year").asDouble()).isEqualTo(876_000.0);
            }
            assertThat(texts(cost.get("teams"), "team")).containsExactly("unassigned", "web");
            assertThat(cost.get("teams").get(0).get("cost_per_year").asDouble()).isEqualTo(1_752_000.0);
            assertThat(cost.get("teams").get(1).get("components"))
                    .extracting(JsonNode::asString)
                    .containsExactly("A");
            JsonNode fixes = cost.get("top_fixes");
            assertThat(texts(fixes, "component")).containsExactly("A", "B", "C");
            // 876,000 → 0.0001 · 8760 h · 10,000 = 8,760
            assertThat(fixes.get(0).get("saving_per_year").asDouble()).isEqualTo(867_240.0);
            assertThat(fixes.get(0)
                            .get("whatif")
                            .get("modifications")
                            .get("A")
                            .get("replicas")
                            .asInt())
                    .isEqualTo(2);
            assertThat(cost.get("method").asString()).contains("8760");
        }

        @Test
        void teamsComeFromTheTeamLabelAndAPersonsOverrideWins() {
            importYaml(roles.admin(), """
                    components:
                      - {id: A, labels: {team: payments, provider: aws, region: us-east-1}}
                      - {id: B, labels: {team: search, app.kubernetes.io/part-of: shop}}
                      - {id: C, labels: {region: eu-west-1}}
                    edges:
                      - {source: A, target: B}
                      - {source: B, target: C}
                    """);
            JsonNode labelled = ok(roles.viewer().get("/api/cost-attribution?revenue_per_hour=10000"));
            assertThat(texts(labelled.get("components"), "team")).containsExactly("payments", "search", "unassigned");
            assertThat(texts(labelled.get("teams"), "team")).containsExactly("payments", "search", "unassigned");

            ok(roles.admin().put("/api/v1/components/A/team", Map.of("team", "web")));
            ok(roles.admin().put("/api/v1/components/C/team", Map.of("team", "search")));
            JsonNode overridden = ok(roles.viewer().get("/api/cost-attribution?revenue_per_hour=10000"));
            assertThat(texts(overridden.get("components"), "team")).containsExactly("web", "search", "search");
            assertThat(texts(overridden.get("teams"), "team")).containsExactly("search", "web");
            assertThat(overridden.get("teams").get(0).get("components"))
                    .extracting(JsonNode::asString)
                    .containsExactly("B", "C");
            assertThat(overridden.get("method").asString()).contains("'team' label");

            // removing the override gives the label back
            ok(roles.admin().put("/api/v1/components/A/team", Map.of("team", "")));
            assertThat(texts(
                            ok(roles.viewer().get("/api/cost-attribution?revenue_per_hour=10000"))
                                    .get("components"),
                            "team"))
                    .containsExactly("payments", "search", "search");
        }

        @Test
        void inTheDiamondEveryComponentsFailureTakesTheEntryPointDown() {
            importYaml(roles.admin(), DIAMOND);
            JsonNode cost = ok(roles.viewer().get("/api/v1/cost-attribution?revenue_per_hour=1"));
            assertThat(cost.get("components")).hasSize(4);
            assertThat(cost.get("components"))
                    .allSatisfy(line ->
                            assertThat(line.get("traffic_share").asDouble()).isEqualTo(1.0));
            assertThat(cost.get("total_cost_per_year").asDouble()).isEqualTo(350.4);
        }

        @Test
        void revenueMissingZeroOrNegativeIs400AndOnlyAnAdminSetsATeam() {
            importYaml(roles.admin(), CHAIN);
            badField(roles.viewer().get("/api/cost-attribution"), "revenue_per_hour");
            badField(roles.viewer().get("/api/cost-attribution?revenue_per_hour=0"), "revenue_per_hour");
            badField(roles.viewer().get("/api/cost-attribution?revenue_per_hour=-5"), "revenue_per_hour");
            assertThat(roles.operator()
                            .put("/api/v1/components/A/team", Map.of("team", "web"))
                            .status())
                    .isEqualTo(403);
            assertThat(roles.admin()
                            .put("/api/v1/components/nope/team", Map.of("team", "web"))
                            .status())
                    .isEqualTo(404);
            badField(roles.admin().put("/api/v1/components/A/team", Map.of("team", "<script>")), "team");
            Api other = server.withKey(fixtures.newTenant().adminKey());
            assertThat(other.put("/api/v1/components/A/team", Map.of("team", "x"))
                            .status())
                    .isEqualTo(404);
        }
    }

    @Nested
    class Benchmark {

        @Test
        void listsTheIndustriesAndComparesWithTheBaselineSayingSo() {
            importYaml(roles.admin(), CHAIN);
            UUID kill = experiment(tenant.accountId(), "b-latency");
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            run(tenant.accountId(), kill, 1, "Failed", 1, now.minusSeconds(7200), "timeout");
            run(tenant.accountId(), kill, 2, "Completed", 0, now.minusSeconds(5400), null);

            JsonNode list = ok(roles.viewer().get("/api/benchmark/list"));
            assertThat(texts(list.get("industries"), "industry")).contains("fintech", "saas", "public_sector");

            JsonNode fintech = ok(roles.viewer().get("/api/v1/benchmark/fintech"));
            assertThat(fintech.get("source").asString()).isEqualTo("baseline");
            assertThat(fintech.get("project").get("resilience_score").asDouble())
                    .isEqualTo(50.0);
            assertThat(fintech.get("project").get("spof_share").asDouble()).isEqualTo(0.6667);
            assertThat(fintech.get("project").get("run_pass_rate").asDouble()).isEqualTo(0.5);
            assertThat(fintech.get("project").get("mttr_minutes").asDouble()).isEqualTo(30.0);
            JsonNode score = fintech.get("metrics").get(0);
            assertThat(score.get("metric").asString()).isEqualTo("resilience_score");
            // 50 lies below p10 = 55: 10 − (55 − 50) · 15 ÷ (63 − 55)
            assertThat(score.get("percentile").asDouble()).isCloseTo(0.6, within(0.05));
            assertThat(score.get("source").asString()).isEqualTo("baseline");
            assertThat(fintech.get("sources")).isNotEmpty();
            assertThat(fintech.get("method").asString()).contains("baseline");

            JsonNode all = ok(roles.viewer().get("/api/benchmark/all"));
            assertThat(all.get("comparisons")).hasSize(list.get("industries").size());
            assertThat(roles.viewer().get("/api/benchmark/astrology").status()).isEqualTo(404);
        }

        @Test
        void theSettingIsTheAdminsWithFieldMessages() {
            assertThat(ok(roles.viewer().get("/api/v1/benchmark-settings"))
                            .get("opt_in")
                            .asBoolean())
                    .isFalse();
            assertThat(roles.viewer()
                            .put("/api/v1/benchmark-settings", Map.of("industry", "fintech", "opt_in", true))
                            .status())
                    .isEqualTo(403);
            badField(
                    roles.admin().put("/api/v1/benchmark-settings", Map.of("industry", "astrology", "opt_in", true)),
                    "industry");
            badField(roles.admin().put("/api/v1/benchmark-settings", Map.of("industry", "fintech")), "opt_in");
            JsonNode saved =
                    ok(roles.admin().put("/api/v1/benchmark-settings", Map.of("industry", "fintech", "opt_in", true)));
            assertThat(saved.get("industry").asString()).isEqualTo("fintech");
            assertThat(ok(roles.viewer().get("/api/v1/benchmark-settings"))
                            .get("opt_in")
                            .asBoolean())
                    .isTrue();
            // another account sees its own (empty) setting
            Api other = server.withKey(fixtures.newTenant().adminKey());
            assertThat(ok(other.get("/api/v1/benchmark-settings")).hasNonNull("industry"))
                    .isFalse();
        }

        /** An account of the industry with a topology of the given score, opted in or not. */
        private void peer(String industry, String yaml, boolean optIn) {
            Api admin = server.withKey(fixtures.newTenant().adminKey());
            importYaml(admin, yaml);
            ok(admin.put("/api/v1/benchmark-settings", Map.of("industry", industry, "opt_in", optIn)));
        }

        @Test
        void peersAreUsedOnlyFromFiveAccountsAndNeverShowOneAccountsFigures() {
            // four opted-in accounts of distinct topologies, and one of the same industry
            // that did not opt in: not enough
            List<String> yamls = new ArrayList<>(List.of(CHAIN, DIAMOND, SPOF, """
                    components: [{id: solo}]
                    """));
            for (String yaml : yamls) {
                peer("logistics", yaml, true);
            }
            peer("logistics", CHAIN, false);
            job.recompute();
            importYaml(roles.admin(), CHAIN);
            JsonNode refused = ok(roles.viewer().get("/api/benchmark/logistics"));
            assertThat(refused.get("source").asString()).isEqualTo("baseline");
            assertThat(refused.get("metrics")
                            .get(0)
                            .get("distribution")
                            .get("p50")
                            .asDouble())
                    .isEqualTo(58.0);
            assertThat(refused.get("metrics").get(0).hasNonNull("contributors")).isFalse();

            // a fifth opts in: the percentiles of five, no account's row
            peer("logistics", """
                    components: [{id: x, replicas: 2}, {id: y, replicas: 2}]
                    edges: [{source: x, target: y}]
                    """, true);
            job.recompute();
            JsonNode peers = ok(roles.viewer().get("/api/benchmark/logistics"));
            JsonNode score = peers.get("metrics").get(0);
            assertThat(score.get("source").asString()).isEqualTo("peers");
            assertThat(score.get("contributors").asInt()).isEqualTo(5);
            assertThat(peers.get("source").asString()).isEqualTo("mixed"); // no runs: the run metrics stay baseline
            assertThat(peers.toString()).doesNotContain("acct_");
            JsonNode list = ok(roles.viewer().get("/api/benchmark/list"));
            assertThat(StreamSupport.stream(list.get("industries").spliterator(), false)
                            .filter(i -> i.get("industry").asString().equals("logistics"))
                            .findFirst()
                            .orElseThrow()
                            .get("source")
                            .asString())
                    .isEqualTo("peers");
        }
    }

    @Nested
    class Chat {

        private String ask(String question) {
            return ask(roles.viewer(), question).get("intent").asString();
        }

        private JsonNode ask(Api caller, String question) {
            return ok(caller.post("/api/chat", Map.of("question", question)));
        }

        /** The demo, runs (one failed with a fault's error), two agents (one gone), a schedule and a policy. */
        private void seed() {
            assertThat(roles.admin().get("/demo").status()).isEqualTo(200);
            UUID experiment = experiment(tenant.accountId(), "database-failover");
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            run(tenant.accountId(), experiment, 1, "Completed", 0, now.minusSeconds(7200), null);
            run(tenant.accountId(), experiment, 2, "Failed", 1, now.minusSeconds(3600), "replica never promoted");
            UUID test = UUID.randomUUID();
            fixtures.asOwner(connection -> {
                try (PreparedStatement statement = connection.prepareStatement("""
                        INSERT INTO infrastructures (id, account_id, org_identifier, project_identifier, identifier,
                            name, type, install_token_hash, status, created_by)
                        VALUES (?, ?, 'default', 'default_project', ?, ?, 'Linux', '\\x00'::bytea, ?, 'seed')""")) {
                    for (String[] infra : List.of(
                            new String[] {"edge-hosts", "Edge hosts", "CONNECTED"},
                            new String[] {"batch-hosts", "Batch hosts", "DISCONNECTED"})) {
                        statement.setObject(1, UUID.randomUUID());
                        statement.setString(2, tenant.accountId());
                        statement.setString(3, infra[0]);
                        statement.setString(4, infra[1]);
                        statement.setString(5, infra[2]);
                        statement.executeUpdate();
                    }
                }
                try (PreparedStatement statement = connection.prepareStatement("""
                        INSERT INTO scheduled_tests (id, account_id, org_identifier, project_identifier, name,
                            namespace, provider, experiment_id, cron, timezone, spec, created_by)
                        VALUES (?, ?, 'default', 'default_project', 'nightly-failover', 'chaos', 'linux', ?,
                                '0 2 * * *', 'UTC', '{}'::jsonb, 'seed')""")) {
                    statement.setObject(1, test);
                    statement.setString(2, tenant.accountId());
                    statement.setObject(3, experiment);
                    statement.executeUpdate();
                }
                try (PreparedStatement statement = connection.prepareStatement(
                        "INSERT INTO schedule_queue (test_id, account_id, due_at) VALUES (?, ?, ?)")) {
                    statement.setObject(1, test);
                    statement.setString(2, tenant.accountId());
                    statement.setTimestamp(3, Timestamp.from(now.plusSeconds(86_400)));
                    statement.executeUpdate();
                }
                try (PreparedStatement statement = connection.prepareStatement("""
                        INSERT INTO policies (id, account_id, org_identifier, project_identifier, name, rules,
                            created_by)
                        VALUES (?, ?, 'default', 'default_project', 'business-hours', '[]'::jsonb, 'seed')""")) {
                    statement.setObject(1, UUID.randomUUID());
                    statement.setString(2, tenant.accountId());
                    statement.executeUpdate();
                }
            });
        }

        @Test
        void answersEachIntentFromTheSeededProject() {
            seed();
            List<String> shownSpofs = StreamSupport.stream(
                            ok(roles.viewer().get("/api/topology")).get("nodes").spliterator(), false)
                    .filter(node -> node.get("is_spof").asBoolean())
                    .map(node -> node.get("id").asString())
                    .sorted()
                    .toList();

            JsonNode spofs = ask(roles.viewer(), "What are the single points of failure?");
            assertThat(spofs.get("intent").asString()).isEqualTo("single_points_of_failure");
            assertThat(texts(spofs.get("data").get("spofs"), "id"))
                    .isEqualTo(shownSpofs)
                    .isNotEmpty();
            assertThat(spofs.get("answer").asString()).contains(shownSpofs.getFirst());
            assertThat(spofs.get("suggestions")).isNotEmpty();
            assertThat(spofs.get("data").get("method").asString()).isNotBlank();

            // a typo in the component's name
            JsonNode impact = ask(roles.viewer(), "what breaks if the databse fails?");
            assertThat(impact.get("intent").asString()).isEqualTo("failure_impact");
            assertThat(impact.get("data").get("component").asString()).isEqualTo("database");
            assertThat(impact.get("data").get("total_affected").asInt()).isEqualTo(5);

            JsonNode score = ask(roles.viewer(), "how is our resilience score trending?");
            assertThat(score.get("intent").asString()).isEqualTo("score_trend");
            assertThat(score.get("data").get("resilience_score").asDouble())
                    .isEqualTo(ok(roles.viewer().get("/api/topology"))
                            .get("metadata")
                            .get("resilience_score")
                            .asDouble());

            JsonNode failed = ask(roles.viewer(), "why did the last runs fail?");
            assertThat(failed.get("intent").asString()).isEqualTo("failed_runs");
            assertThat(failed.get("data").get("runs")).hasSize(1);
            assertThat(failed.get("data").get("runs").get(0).get("why").asString())
                    .contains("replica never promoted");

            JsonNode next = ask(roles.viewer(), "what runs next?");
            assertThat(next.get("intent").asString()).isEqualTo("next_runs");
            assertThat(next.get("data").get("upcoming").get(0).get("test").asString())
                    .isEqualTo("nightly-failover");

            JsonNode disconnected = ask(roles.viewer(), "which infrastructures are disconected?");
            assertThat(disconnected.get("intent").asString()).isEqualTo("disconnected_infrastructures");
            assertThat(texts(disconnected.get("data").get("infrastructures"), "identifier"))
                    .containsExactly("batch-hosts");

            JsonNode compliance = ask(roles.viewer(), "are we compliant?");
            assertThat(compliance.get("intent").asString()).isEqualTo("compliance");
            assertThat(compliance.get("data").get("compliance_feature").asBoolean())
                    .isFalse();
            assertThat(compliance.get("data").get("policies").asInt()).isEqualTo(1);

            JsonNode riskiest = ask(roles.viewer(), "which components are the riskiest?");
            assertThat(riskiest.get("intent").asString()).isEqualTo("riskiest_components");
            assertThat(riskiest.get("data").get("components")).hasSize(5);

            JsonNode cost = ask(roles.viewer(), "how much does a cache failure cost at 5000 per hour?");
            assertThat(cost.get("intent").asString()).isEqualTo("failure_cost");
            assertThat(cost.get("data").get("component").get("id").asString()).isEqualTo("cache");
            assertThat(cost.get("data").get("revenue_per_hour").asDouble()).isEqualTo(5000.0);
            JsonNode attributed = StreamSupport.stream(
                            ok(roles.viewer().get("/api/cost-attribution?revenue_per_hour=5000"))
                                    .get("components")
                                    .spliterator(),
                            false)
                    .filter(line -> line.get("id").asString().equals("cache"))
                    .findFirst()
                    .orElseThrow();
            assertThat(cost.get("data").get("component").get("cost_per_year").asDouble())
                    .isEqualTo(attributed.get("cost_per_year").asDouble());
        }

        @Test
        void anUnknownQuestionAnswersWhatItCanAnswer() {
            seed();
            JsonNode unknown = ask(roles.viewer(), "tell me a joke about penguins");
            assertThat(unknown.get("intent").asString()).isEqualTo("unknown");
            assertThat(unknown.get("data").get("can_answer")).hasSize(9);
            assertThat(unknown.get("suggestions")).hasSize(9);
            for (JsonNode suggestion : unknown.get("suggestions")) {
                assertThat(ask(suggestion.asString())).isNotEqualTo("unknown");
            }
        }

        @Test
        void aMissingOrOverlongQuestionIs400AndAnotherTenantAsksAboutItsOwnProject() {
            seed();
            badField(roles.viewer().post("/api/chat", Map.of()), "question");
            badField(roles.viewer().post("/api/chat", Map.of("question", "   ")), "question");
            badField(roles.viewer().post("/api/chat", Map.of("question", "x".repeat(501))), "question");
            Api other = server.withKey(fixtures.newTenant().adminKey());
            JsonNode theirs = ask(other, "what breaks if database fails?");
            assertThat(theirs.get("data").get("components")).isEmpty();
            assertThat(server.post("/api/chat", Map.of("question", "spofs?")).status())
                    .isEqualTo(401);
        }
    }
}
