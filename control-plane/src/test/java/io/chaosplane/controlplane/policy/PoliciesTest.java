package io.chaosplane.controlplane.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosplane.controlplane.support.FakeAgent;
import io.chaosplane.controlplane.support.Fixtures;
import io.chaosplane.controlplane.support.IntegrationTest;
import io.chaosplane.controlplane.support.Keys.RoleMatrix;
import io.chaosplane.testsupport.Api;
import io.chaosplane.testsupport.Await;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@IntegrationTest
class PoliciesTest {

    @LocalServerPort
    int port;

    @Autowired
    Fixtures fixtures;

    Api server;
    RoleMatrix roles;
    FakeAgent agent;

    @BeforeEach
    void setUp() {
        server = new Api(port);
        roles = RoleMatrix.of(server, fixtures.newTenant());
        agent = FakeAgent.install(server, roles.admin(), "guarded");
    }

    private Api.Response policy(String json) {
        return roles.admin().postRaw("/api/v1/policies", json, "application/json");
    }

    private Api.Response experiment(String name, String namespace, String type, String duration) {
        return roles.admin()
                .postRaw(
                        "/api/v1/experiments",
                        """
                {"apiVersion":"chaos.chaosplane.io/v1alpha1","kind":"ChaosExperiment",
                 "metadata":{"name":"%s","namespace":"%s"},
                 "spec":{"target":{"infrastructure":"%s"},"action":{"type":"%s"},"duration":"%s"}}""".formatted(name, namespace, agent.infraId(), type, duration),
                        "application/json");
    }

    @Nested
    class Endpoints {

        @Test
        void adminsManagePoliciesEveryoneReadsThem() {
            var created = policy("""
                    {"name":"safe","description":"keep production safe",
                     "rules":[{"name":"max-5m","type":"maxDuration","max":"5m"}]}""");
            assertThat(created.status()).as(created.text()).isEqualTo(201);
            assertThat(roles.viewer()
                            .get("/api/v1/policies/safe")
                            .json()
                            .get("rules")
                            .get(0)
                            .get("max")
                            .asString())
                    .isEqualTo("5m");
            assertThat(roles.viewer().get("/api/v1/policies").json().get("items"))
                    .hasSize(1);
            var updated = roles.admin()
                    .put(
                            "/api/v1/policies/safe",
                            java.util.Map.of(
                                    "name",
                                    "safe",
                                    "enabled",
                                    false,
                                    "rules",
                                    java.util.List.of(
                                            java.util.Map.of("name", "max-1m", "type", "maxDuration", "max", "1m"))));
            assertThat(updated.json().get("enabled").asBoolean()).isFalse();
            assertThat(roles.operator().delete("/api/v1/policies/safe").status())
                    .isEqualTo(403);
            assertThat(roles.operator()
                            .postRaw(
                                    "/api/v1/policies",
                                    "{\"name\":\"x\",\"rules\":[{\"name\":\"a\"," + "\"type\":\"requireApproval\"}]}",
                                    "application/json")
                            .status())
                    .isEqualTo(403);
            assertThat(roles.admin().delete("/api/v1/policies/safe").status()).isEqualTo(204);
            assertThat(roles.admin().get("/api/v1/policies/safe").status()).isEqualTo(404);
        }

        @Test
        void badRulesAreNamedAtTheirField() {
            var response = policy("""
                    {"name":"bad","rules":[
                      {"name":"w","type":"timeWindow","windows":[{"days":["Funday"],"start":"9am","end":"17:00","timezone":"Mars/Base"}]},
                      {"name":"b","type":"blackout","from":"2027-01-02T00:00:00Z","to":"2027-01-01T00:00:00Z"},
                      {"name":"x","type":"teleport"}]}""");
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.json().get("errors"))
                    .extracting(error -> error.get("field").asString())
                    .contains(
                            "rules[0].windows[0].start",
                            "rules[0].windows[0].timezone",
                            "rules[0].windows[0].days",
                            "rules[1].to",
                            "rules[2].type");
            assertThat(policy("{\"name\":\"empty\",\"rules\":[]}")
                            .json()
                            .get("errors")
                            .get(0)
                            .get("field")
                            .asString())
                    .isEqualTo("rules");
        }

        @Test
        void aDuplicateNameIsAConflictAndAnotherTenantSeesNothing() {
            policy("{\"name\":\"dup\",\"rules\":[{\"name\":\"a\",\"type\":\"requireApproval\"}]}");
            assertThat(policy("{\"name\":\"dup\",\"rules\":[{\"name\":\"a\",\"type\":\"requireApproval\"}]}")
                            .status())
                    .isEqualTo(409);
            Api other = server.withKey(fixtures.newTenant().adminKey());
            assertThat(other.get("/api/v1/policies/dup").status()).isEqualTo(404);
            assertThat(other.get("/api/v1/policies").json().get("items")).isEmpty();
        }
    }

    @Nested
    class Enforcement {

        @Test
        void aDeniedFaultIsRefusedWith403NamingPolicyAndRuleAndNothingIsInjected() {
            policy("""
                    {"name":"no-cpu-in-prod","rules":[{"name":"deny-cpu","type":"denyFaults",
                     "faults":["linux-cpu-*"],"namespaces":["production"]}]}""");
            var refused = experiment("hog", "production", "linux-cpu-stress", "10s");
            assertThat(refused.status()).as(refused.text()).isEqualTo(403);
            assertThat(refused.json().get("policy").asString()).isEqualTo("no-cpu-in-prod");
            assertThat(refused.json().get("rule").asString()).isEqualTo("deny-cpu");
            assertThat(agent.poll(0).json().get("taskList")).isEmpty();
            assertThat(roles.admin().get("/api/v1/experiments/production/hog").status())
                    .isEqualTo(404);
            assertThat(roles.admin().get("/api/v1/events?type=Warning").json().get("items"))
                    .extracting(event -> event.get("reason").asString())
                    .contains("PolicyDenied");

            var elsewhere = experiment("hog", "staging", "linux-cpu-stress", "10s");
            assertThat(elsewhere.status()).isEqualTo(201);
            JsonNode governance = elsewhere.json().get("status");
            assertThat(governance.get("phase").asString()).isEqualTo("Pending");
        }

        @Test
        void maximumDurationAndBlackoutWindowsRefuse() {
            policy("{\"name\":\"short\",\"rules\":[{\"name\":\"max-1m\",\"type\":\"maxDuration\",\"max\":\"1m\"}]}");
            assertThat(experiment("long", "default", "linux-cpu-stress", "5m")
                            .json()
                            .get("rule")
                            .asString())
                    .isEqualTo("max-1m");
            Instant now = Instant.now();
            policy("""
                    {"name":"freeze","rules":[{"name":"holidays","type":"blackout","from":"%s","to":"%s"}]}""".formatted(now.minus(1, ChronoUnit.HOURS), now.plus(1, ChronoUnit.HOURS)));
            assertThat(experiment("during-freeze", "default", "linux-cpu-stress", "10s")
                            .json()
                            .get("policy")
                            .asString())
                    .isEqualTo("freeze");
        }

        @Test
        void outsideItsTimeWindowARunIsRefused() {
            policy("""
                    {"name":"office","rules":[{"name":"never","type":"timeWindow",
                     "windows":[{"days":["Mon"],"start":"00:00","end":"00:01","timezone":"Pacific/Kiritimati"}]}]}""");
            var refused = experiment("late", "default", "linux-cpu-stress", "10s");
            // a one-minute window on Mondays only: open now with a chance of about 1 in 10,000
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.json().get("rule").asString()).isEqualTo("never");
        }

        @Test
        void aRunThatNeedsApprovalWaitsForAnOperator() {
            policy("{\"name\":\"four-eyes\",\"rules\":[{\"name\":\"approve\",\"type\":\"requireApproval\"}]}");
            JsonNode created =
                    experiment("careful", "default", "linux-cpu-stress", "10s").json();
            String runId = created.get("status").get("runId").asString();
            JsonNode run = roles.viewer().get("/api/v1/runs/" + runId).json();
            assertThat(run.get("awaitingApproval").asBoolean()).isTrue();
            assertThat(run.get("governance")
                            .get("SecurityGovernanceNodeData")
                            .get("PassedRules")
                            .get(0)
                            .asString())
                    .isEqualTo("four-eyes/approve");
            assertThat(agent.poll(0).json().get("taskList")).isEmpty();

            assertThat(roles.viewer()
                            .post("/api/v1/runs/" + runId + "/approve", null)
                            .status())
                    .isEqualTo(403);
            assertThat(roles.operator()
                            .post("/api/v1/runs/" + runId + "/approve", null)
                            .json()
                            .get("approvedBy"))
                    .isNotNull();
            assertThat(agent.poll(0).json().get("taskList")).hasSize(1);
            assertThat(roles.operator()
                            .post("/api/v1/runs/" + runId + "/approve", null)
                            .status())
                    .isEqualTo(409);
        }

        @Test
        void theAuthorOfARunCannotApproveIt() {
            policy("{\"name\":\"four-eyes\",\"rules\":[{\"name\":\"approve\",\"type\":\"requireApproval\"}]}");
            String runId = experiment("own", "default", "linux-cpu-stress", "10s")
                    .json()
                    .get("status")
                    .get("runId")
                    .asString();

            Api.Response own = roles.admin().post("/api/v1/runs/" + runId + "/approve", null);

            assertThat(own.status()).isEqualTo(403);
            assertThat(own.json().get("detail").asString()).contains("four eyes");
            assertThat(agent.poll(0).json().get("taskList")).isEmpty();
            assertThat(roles.operator()
                            .post("/api/v1/runs/" + runId + "/approve", null)
                            .status())
                    .isEqualTo(200);
        }

        @Test
        void aRunWaitingForItsApprovalTooLongIsStoppedWithThatReason() {
            policy("{\"name\":\"four-eyes\",\"rules\":[{\"name\":\"approve\",\"type\":\"requireApproval\"}]}");
            String runId = experiment("forgotten", "default", "linux-cpu-stress", "10s")
                    .json()
                    .get("status")
                    .get("runId")
                    .asString();
            String fresh = experiment("fresh", "default", "linux-cpu-stress", "10s")
                    .json()
                    .get("status")
                    .get("runId")
                    .asString();
            fixtures.asOwner(connection -> {
                try (var statement = connection.prepareStatement(
                        "UPDATE experiment_runs SET created_at = created_at - interval '25 hours' WHERE id = ?")) {
                    statement.setObject(1, java.util.UUID.fromString(runId));
                    statement.executeUpdate();
                }
            });

            JsonNode stopped = Await.until(
                    "the run waiting since yesterday is stopped",
                    () -> roles.viewer().get("/api/v1/runs/" + runId).json(),
                    run -> "Stopped".equals(run.get("phase").asString()));

            assertThat(stopped.get("message").asString()).contains("approval expired");
            assertThat(roles.viewer()
                            .get("/api/v1/runs/" + fresh)
                            .json()
                            .get("phase")
                            .asString())
                    .isEqualTo("Pending");
            assertThat(roles.operator()
                            .post("/api/v1/runs/" + runId + "/approve", null)
                            .status())
                    .isEqualTo(409);
        }

        @Test
        void aDisabledPolicyDoesNotApply() {
            policy("{\"name\":\"off\",\"enabled\":false,\"rules\":[{\"name\":\"deny\",\"type\":\"denyFaults\","
                    + "\"faults\":[\"*\"]}]}");
            assertThat(experiment("free", "default", "linux-cpu-stress", "10s").status())
                    .isEqualTo(201);
        }

        @Test
        void theBlastRadiusLimitsHosts() {
            FakeAgent second = FakeAgent.install(server, roles.admin(), "second_host");
            policy(
                    "{\"name\":\"small\",\"rules\":[{\"name\":\"one-host\",\"type\":\"maxBlastRadius\",\"maxHosts\":1}]}");
            var refused = roles.admin()
                    .postRaw(
                            "/api/v1/experiments",
                            """
                    {"apiVersion":"chaos.chaosplane.io/v1alpha1","kind":"ChaosExperiment","metadata":{"name":"wide"},
                     "spec":{"duration":"10s","steps":[[
                       {"name":"a","target":{"infrastructure":"%s"},"action":{"type":"linux-cpu-stress"}},
                       {"name":"b","target":{"infrastructure":"%s"},"action":{"type":"linux-cpu-stress"}}]]}}""".formatted(agent.infraId(), second.infraId()),
                            "application/json");
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.json().get("rule").asString()).isEqualTo("one-host");
        }
    }
}
