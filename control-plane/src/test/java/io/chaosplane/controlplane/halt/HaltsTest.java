package io.chaosplane.controlplane.halt;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosplane.controlplane.support.FakeAgent;
import io.chaosplane.controlplane.support.Fixtures;
import io.chaosplane.controlplane.support.IntegrationTest;
import io.chaosplane.controlplane.support.Keys;
import io.chaosplane.testsupport.Api;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** The emergency stop: runs in scope end Stopped, agents hear it at once, nothing starts until it is lifted. */
@IntegrationTest
class HaltsTest {

    @LocalServerPort
    int port;

    @Autowired
    Fixtures fixtures;

    Api server;
    Fixtures.Tenant tenant;
    Keys.RoleMatrix roles;
    FakeAgent agent;

    @BeforeEach
    void setUp() {
        server = new Api(port);
        tenant = fixtures.newTenant();
        roles = Keys.RoleMatrix.of(server, tenant);
        agent = FakeAgent.install(server, roles.admin(), "halted_host");
    }

    static Map<String, Object> projectHalt(String reason) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("scope", "project");
        body.put("organizationIdentifier", "default");
        body.put("projectIdentifier", "default_project");
        body.put("reason", reason);
        return body;
    }

    private String startExperiment(String name) {
        Api.Response created =
                roles.admin().postRaw("/api/v1/experiments", cpuExperiment(name, agent.infraId()), "application/json");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return created.json().get("status").get("runId").asString();
    }

    static String cpuExperiment(String name, String infraId) {
        return """
                {"apiVersion":"chaos.chaosplane.io/v1alpha1","kind":"ChaosExperiment",
                 "metadata":{"name":"%s","namespace":"default"},
                 "spec":{"target":{"kind":"Linux","infrastructure":"%s"},
                         "action":{"type":"linux-cpu-stress","parameters":{"Load":"50","Workers":"1"}},
                         "duration":"60s"}}""".formatted(name, infraId);
    }

    @Nested
    class Making {

        @Test
        void stopsTheRunsOfItsScopeWhoseAgentsRevertAndReportStoppedWithTheHaltsReason() {
            String running = startExperiment("running");
            String taskName =
                    agent.poll(0).json().get("taskList").get(0).get("taskName").asString();
            agent.status(taskName, "Running");

            Api.Response made = roles.operator().post("/api/v1/halts", projectHalt("database failover under way"));

            assertThat(made.status()).as(made.text()).isEqualTo(201);
            JsonNode halt = made.json();
            assertThat(halt.get("scope").asString()).isEqualTo("project");
            assertThat(halt.get("reason").asString()).isEqualTo("database failover under way");
            assertThat(halt.get("createdBy").asString()).isNotBlank();
            assertThat(halt.get("createdAt").asString()).isNotBlank();
            assertThat(halt.get("runsStopped").asInt()).isEqualTo(1);
            assertThat(halt.get("faultsReverting").asInt()).isEqualTo(1);
            assertThat(halt.get("active").asBoolean()).isTrue();

            JsonNode poll = agent.poll(0).json();
            assertThat(poll.get("abortTaskNames").get(0).asString()).isEqualTo(taskName);
            assertThat(poll.get("halts").get(0).get("haltID").asString())
                    .isEqualTo(halt.get("id").asString());
            assertThat(agent.liveness().json().get("halts").get(0).get("reason").asString())
                    .isEqualTo("database failover under way");
            assertThat(agent.status(taskName, "Running").json().get("abort").asBoolean())
                    .isTrue();

            agent.result(taskName, "{\"result\":{\"taskStatus\":\"Stopped\",\"verdict\":\"Stopped\"}}");
            JsonNode run = roles.admin().get("/api/v1/runs/" + running).json();
            assertThat(run.get("phase").asString()).isEqualTo("Stopped");
            assertThat(run.get("message").asString())
                    .contains("halt " + halt.get("id").asString())
                    .contains("database failover under way");
            assertThat(fixtures.eventReasons(tenant.accountId()))
                    .contains("HaltCreated", "StopRequested", "RunStopped");
            JsonNode audit = roles.admin()
                    .get("/api/v1/audit?action=halt.create")
                    .json()
                    .get("items")
                    .get(0);
            assertThat(audit.get("details").get("reason").asString()).isEqualTo("database failover under way");
            assertThat(audit.get("details").get("runsStopped").get(0).asString())
                    .isEqualTo(running);
        }

        @Test
        void stopsAQueuedRunAtOnceAndLeavesOtherProjectsAlone() {
            String queued = startExperiment("queued");
            roles.admin().post("/api/v1/orgs/default/projects", Map.of("identifier", "other", "name", "o"));

            Map<String, Object> other = projectHalt("not this one");
            other.put("projectIdentifier", "other");
            assertThat(roles.operator()
                            .post("/api/v1/halts", other)
                            .json()
                            .get("runsStopped")
                            .asInt())
                    .isZero();
            assertThat(roles.admin()
                            .get("/api/v1/runs/" + queued)
                            .json()
                            .get("phase")
                            .asString())
                    .isEqualTo("Pending");

            JsonNode halt = roles.operator()
                    .post("/api/v1/halts", Map.of("scope", "account", "reason", "all hands"))
                    .json();
            assertThat(halt.get("runsStopped").asInt()).isEqualTo(1);
            assertThat(halt.get("faultsReverting").asInt()).isZero();
            assertThat(roles.admin()
                            .get("/api/v1/runs/" + queued)
                            .json()
                            .get("phase")
                            .asString())
                    .isEqualTo("Stopped");
            assertThat(agent.poll(0).json().get("taskList")).isEmpty();
        }

        @Test
        void answersAWaitingLongPollAtOnce() throws Exception {
            CompletableFuture<Api.Response> waiting = CompletableFuture.supplyAsync(() -> agent.poll(20));
            Thread.sleep(500); // the poll is waiting on its wake-ups by now; if not, it sees the halt at its start
            Instant posted = Instant.now();
            roles.operator().post("/api/v1/halts", projectHalt("stop now"));

            JsonNode answer = waiting.get().json();
            assertThat(answer.get("halts").get(0).get("reason").asString()).isEqualTo("stop now");
            assertThat(Duration.between(posted, Instant.now())).isLessThan(Duration.ofSeconds(5));
        }

        @Test
        void anInfrastructureHaltCoversOnlyItsAgent() {
            FakeAgent bystander = FakeAgent.install(server, roles.admin(), "bystander");
            Api.Response made = roles.operator()
                    .post(
                            "/api/v1/halts",
                            Map.of("scope", "infrastructure", "infrastructureId", agent.infraId(), "reason", "disk"));
            assertThat(made.status()).as(made.text()).isEqualTo(201);
            assertThat(made.json().get("projectIdentifier").asString()).isEqualTo("default_project");
            assertThat(agent.liveness().json().get("halts")).hasSize(1);
            assertThat(bystander.liveness().json().has("halts")).isFalse();
        }
    }

    @Nested
    class Progress {

        @Test
        void listsTheStoppedRunsFaultsUntilEveryOneIsReverted() {
            String running = startExperiment("reverting");
            String taskName =
                    agent.poll(0).json().get("taskList").get(0).get("taskName").asString();
            agent.status(taskName, "Running");
            String id = roles.operator()
                    .post("/api/v1/halts", projectHalt("progress"))
                    .json()
                    .get("id")
                    .asString();

            JsonNode before =
                    roles.viewer().get("/api/v1/halts/" + id + "/progress").json();
            assertThat(before.get("halt").get("id").asString()).isEqualTo(id);
            assertThat(before.get("faults").asInt()).isEqualTo(1);
            assertThat(before.get("faultsReverted").asInt()).isZero();
            assertThat(before.get("allReverted").asBoolean()).isFalse();
            JsonNode run = before.get("runs").get(0);
            assertThat(run.get("runId").asString()).isEqualTo(running);
            assertThat(run.get("experimentName").asString()).isEqualTo("reverting");
            assertThat(run.get("faults").get(0).get("phase").asString()).isEqualTo("Running");
            assertThat(run.get("faults").get(0).get("reverted").asBoolean()).isFalse();

            agent.result(taskName, "{\"result\":{\"taskStatus\":\"Stopped\",\"verdict\":\"Stopped\"}}");

            JsonNode after =
                    roles.viewer().get("/api/v1/halts/" + id + "/progress").json();
            assertThat(after.get("allReverted").asBoolean()).isTrue();
            assertThat(after.get("faultsReverted").asInt()).isEqualTo(1);
            assertThat(after.get("runs").get(0).get("phase").asString()).isEqualTo("Stopped");
            assertThat(after.get("runs")
                            .get(0)
                            .get("faults")
                            .get(0)
                            .get("reverted")
                            .asBoolean())
                    .isTrue();
        }

        @Test
        void aHaltThatStoppedNothingIsRevertedAtOnce() {
            String id = roles.operator()
                    .post("/api/v1/halts", projectHalt("quiet"))
                    .json()
                    .get("id")
                    .asString();
            JsonNode progress =
                    roles.viewer().get("/api/v1/halts/" + id + "/progress").json();
            assertThat(progress.get("runs")).isEmpty();
            assertThat(progress.get("allReverted").asBoolean()).isTrue();
        }

        @Test
        void anotherTenantDoesNotSeeItAndABadIdIsRefused() {
            String id = roles.operator()
                    .post("/api/v1/halts", projectHalt("ours"))
                    .json()
                    .get("id")
                    .asString();
            Api stranger = server.withKey(fixtures.newTenant().adminKey());
            assertThat(stranger.get("/api/v1/halts/" + id + "/progress").status())
                    .isEqualTo(404);
            assertThat(roles.viewer()
                            .get("/api/v1/halts/" + UUID.randomUUID() + "/progress")
                            .status())
                    .isEqualTo(404);
            assertThat(roles.viewer().get("/api/v1/halts/not-an-id/progress").status())
                    .isEqualTo(400);
        }
    }

    @Nested
    class WhileActive {

        @Test
        void noRunStartsInItsScopeAndTheRefusalNamesTheHalt() {
            String first = startExperiment("refused");
            String haltId = roles.operator()
                    .post("/api/v1/halts", projectHalt("change freeze"))
                    .json()
                    .get("id")
                    .asString();

            Api.Response rerun = roles.operator().post("/api/v1/experiments/default/refused/run", null);
            assertThat(rerun.status()).isEqualTo(409);
            assertThat(rerun.json().get("detail").asString()).contains(haltId).contains("change freeze");
            Api.Response created = roles.admin()
                    .postRaw("/api/v1/experiments", cpuExperiment("new-one", agent.infraId()), "application/json");
            assertThat(created.status()).isEqualTo(409);
            assertThat(roles.admin()
                            .get("/api/v1/runs/" + first)
                            .json()
                            .get("phase")
                            .asString())
                    .isEqualTo("Stopped");
        }

        @Test
        void theSameKeyAnswersTheSameHaltAndAnEqualActiveHaltIsAnsweredToo() {
            Api keyed = roles.operator().withHeader("Idempotency-Key", "incident-4711");
            Api.Response first = keyed.post("/api/v1/halts", projectHalt("incident 4711"));
            Api.Response again = keyed.post("/api/v1/halts", projectHalt("incident 4711"));
            Api.Response equal = roles.admin().post("/api/v1/halts", projectHalt("someone else, same scope"));

            assertThat(first.status()).isEqualTo(201);
            assertThat(again.status()).isEqualTo(200);
            assertThat(equal.status()).isEqualTo(200);
            assertThat(again.json().get("id")).isEqualTo(first.json().get("id"));
            assertThat(equal.json().get("id")).isEqualTo(first.json().get("id"));
            assertThat(roles.viewer().get("/api/v1/halts").json().get("items")).hasSize(1);
        }
    }

    @Nested
    class Lifting {

        @Test
        void letsRunsStartAgainAndAgentsHearNoMoreOfIt() {
            startExperiment("lifted");
            String id = roles.operator()
                    .post("/api/v1/halts", projectHalt("maintenance"))
                    .json()
                    .get("id")
                    .asString();

            Api.Response lifted = roles.admin().delete("/api/v1/halts/" + id);

            assertThat(lifted.status()).as(lifted.text()).isEqualTo(200);
            assertThat(lifted.json().get("active").asBoolean()).isFalse();
            assertThat(lifted.json().get("liftedBy").asString()).isNotBlank();
            assertThat(agent.liveness().json().has("halts")).isFalse();
            assertThat(roles.operator()
                            .post("/api/v1/experiments/default/lifted/run", null)
                            .status())
                    .isEqualTo(201);
            assertThat(roles.admin().delete("/api/v1/halts/" + id).status()).isEqualTo(409);
            JsonNode listed =
                    roles.viewer().get("/api/v1/halts").json().get("items").get(0);
            assertThat(listed.get("active").asBoolean()).isFalse();
        }

        @Test
        void takesAnAdmin() {
            String id = roles.operator()
                    .post("/api/v1/halts", projectHalt("maintenance"))
                    .json()
                    .get("id")
                    .asString();
            assertThat(roles.operator().delete("/api/v1/halts/" + id).status()).isEqualTo(403);
            assertThat(roles.viewer().delete("/api/v1/halts/" + id).status()).isEqualTo(403);
        }
    }

    @Nested
    class Refused {

        @Test
        void badInputIsNamedAtItsField() {
            assertProblem(roles.operator().post("/api/v1/halts", Map.of("reason", "x")), 400, "scope");
            assertProblem(
                    roles.operator().post("/api/v1/halts", Map.of("scope", "galaxy", "reason", "x")), 400, "scope");
            assertProblem(roles.operator().post("/api/v1/halts", Map.of("scope", "account")), 400, "reason");
            assertProblem(
                    roles.operator()
                            .post(
                                    "/api/v1/halts",
                                    Map.of("scope", "project", "organizationIdentifier", "default", "reason", "x")),
                    400,
                    "projectIdentifier");
            assertProblem(
                    roles.operator().post("/api/v1/halts", Map.of("scope", "infrastructure", "reason", "x")),
                    400,
                    "infrastructureId");
            assertProblem(
                    roles.operator()
                            .withHeader("Idempotency-Key", "k".repeat(201))
                            .post("/api/v1/halts", projectHalt("x")),
                    400,
                    "Idempotency-Key");
            Map<String, Object> unknown = projectHalt("x");
            unknown.put("projectIdentifier", "nowhere");
            assertThat(roles.operator().post("/api/v1/halts", unknown).status()).isEqualTo(404);
            assertThat(roles.operator()
                            .get("/api/v1/halts/" + UUID.randomUUID())
                            .status())
                    .isEqualTo(404);
        }

        @Test
        void aViewerCannotHalt() {
            assertThat(roles.viewer().post("/api/v1/halts", projectHalt("no")).status())
                    .isEqualTo(403);
            assertThat(roles.viewer().get("/api/v1/halts").status()).isEqualTo(200);
        }

        @Test
        void anotherTenantNeitherSeesNorLiftsNorTargetsItsHalts() {
            String id = roles.operator()
                    .post("/api/v1/halts", projectHalt("ours"))
                    .json()
                    .get("id")
                    .asString();
            Api stranger = server.withKey(fixtures.newTenant().adminKey());

            assertThat(stranger.get("/api/v1/halts/" + id).status()).isEqualTo(404);
            assertThat(stranger.delete("/api/v1/halts/" + id).status()).isEqualTo(404);
            assertThat(stranger.get("/api/v1/halts").json().get("items")).isEmpty();
            assertThat(stranger.post(
                                    "/api/v1/halts",
                                    Map.of(
                                            "scope",
                                            "infrastructure",
                                            "infrastructureId",
                                            agent.infraId(),
                                            "reason",
                                            "x"))
                            .status())
                    .isEqualTo(404);
            assertThat(roles.viewer()
                            .get("/api/v1/halts/" + id)
                            .json()
                            .get("active")
                            .asBoolean())
                    .isTrue();
        }

        private static void assertProblem(Api.Response response, int status, String field) {
            assertThat(response.status()).as(response.text()).isEqualTo(status);
            assertThat(response.text()).contains(field);
        }
    }
}
