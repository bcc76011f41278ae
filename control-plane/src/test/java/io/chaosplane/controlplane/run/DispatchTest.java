package io.chaosplane.controlplane.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosplane.controlplane.support.FakeAgent;
import io.chaosplane.controlplane.support.Fixtures;
import io.chaosplane.controlplane.support.IntegrationTest;
import io.chaosplane.controlplane.support.Keys;
import io.chaosplane.testsupport.Api;
import io.chaosplane.testsupport.Await;
import io.chaosplane.testsupport.TestClock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** A run's tasks travel to a (simulated) agent over seed 001's protocol, and its results come back to the run. */
@IntegrationTest
class DispatchTest {

    @LocalServerPort
    int port;

    @Autowired
    Fixtures fixtures;

    @Autowired
    TestClock clock;

    @Autowired
    LeaseSweeper sweeper;

    Api server;
    Api admin;
    Fixtures.Tenant tenant;
    FakeAgent agent;

    @BeforeEach
    void setUp() {
        server = new Api(port);
        tenant = fixtures.newTenant();
        admin = server.withKey(tenant.adminKey());
        agent = FakeAgent.install(server, admin, "host_a");
    }

    static String cpuExperiment(String name, String infraId, String duration) {
        return """
                {"apiVersion":"chaos.chaosplane.io/v1alpha1","kind":"ChaosExperiment",
                 "metadata":{"name":"%s","namespace":"default"},
                 "spec":{"target":{"kind":"Linux","infrastructure":"%s"},
                         "action":{"type":"linux-cpu-stress","parameters":{"Load":"50","Workers":"1"}},
                         "duration":"%s"}}""".formatted(name, infraId, duration);
    }

    private JsonNode create(String manifest) {
        Api.Response response = admin.postRaw("/api/v1/experiments", manifest, "application/json");
        assertThat(response.status()).as(response.text()).isEqualTo(201);
        return response.json();
    }

    private JsonNode run(String runId) {
        return admin.get("/api/v1/runs/" + runId).json();
    }

    @Test
    void aTaskReachesTheAgentWithTheSeedsShapeAndItsResultScoresTheRun() {
        JsonNode created = create(cpuExperiment("cpu-pass", agent.infraId(), "5s"));
        String runId = created.get("status").get("runId").asString();
        assertThat(created.get("status").get("phase").asString()).isEqualTo("Pending");

        JsonNode tasks = agent.poll(0).json();
        JsonNode task = tasks.get("taskList").get(0);
        assertThat(task.get("taskName").asString()).startsWith("cpu-pass-").contains("-cpu-pass-");
        assertThat(task.get("action").get("chaos").get("experiment").asString()).isEqualTo("linux-cpu-stress");
        assertThat(task.get("action").get("chaos").get("experimentInputs").toString())
                .contains("\"name\":\"Duration\",\"value\":\"5s\"");
        assertThat(task.get("streamID").asString())
                .isEqualTo(runId + "-" + task.get("taskName").asString());
        assertThat(task.get("accountID").asString()).isEqualTo(tenant.accountId());
        assertThat(task.get("lceUID").asString()).isNotBlank();
        assertThat(task.get("leaseSeconds").asLong()).isGreaterThan(5);
        assertThat(tasks.get("isActive").asBoolean()).isTrue();
        assertThat(run(runId).get("phase").asString()).isEqualTo("Running");

        String taskName = task.get("taskName").asString();
        JsonNode status = agent.status(taskName, "Running").json();
        assertThat(status.get("success").asBoolean()).isTrue();
        assertThat(status.get("abort").asBoolean()).isFalse();

        assertThat(agent.pass(taskName).status()).isEqualTo(200);
        JsonNode finished = run(runId);
        assertThat(finished.get("phase").asString()).isEqualTo("Completed");
        assertThat(finished.get("resiliencyScore").asDouble()).isEqualTo(100.0);
        assertThat(finished.get("faultsPassed").asInt()).isEqualTo(1);
        JsonNode fault = finished.get("steps").get(0).get("faults").get(0);
        assertThat(fault.get("verdict").asString()).isEqualTo("Pass");
        assertThat(fault.get("phase").asString()).isEqualTo("Completed");

        // the same result again changes nothing
        assertThat(agent.result(taskName, """
                {"result":{"taskStatus":"Error","verdict":"Error","probeSuccessPercentage":"0"}}""").status()).isEqualTo(200);
        assertThat(run(runId).get("resiliencyScore").asDouble()).isEqualTo(100.0);
        assertThat(run(runId)
                        .get("steps")
                        .get(0)
                        .get("faults")
                        .get(0)
                        .get("verdict")
                        .asString())
                .isEqualTo("Pass");

        JsonNode experiment = admin.get("/api/v1/experiments/default/cpu-pass").json();
        assertThat(experiment.get("status").get("phase").asString()).isEqualTo("Completed");
        assertThat(experiment
                        .get("status")
                        .get("affectedResources")
                        .get(0)
                        .get("hostname")
                        .asString())
                .isEqualTo("test-host");
    }

    @Test
    void aWaitingPollGetsANewTaskAtOnce() throws Exception {
        CompletableFuture<Api.Response> waiting = CompletableFuture.supplyAsync(() -> agent.poll(15));
        Thread.sleep(300); // let the poll start waiting
        long before = System.nanoTime();
        create(cpuExperiment("cpu-fast", agent.infraId(), "5s"));
        Api.Response answer = waiting.get();
        long millis = Duration.ofNanos(System.nanoTime() - before).toMillis();
        assertThat(answer.json().get("taskList")).hasSize(1);
        assertThat(millis).as("hand-off time").isLessThan(1500);
    }

    @Test
    void anEmptyPollAnswersTheExplicitNothingToDo() {
        JsonNode answer = agent.poll(0).json();
        assertThat(answer.get("taskList")).isEmpty();
        assertThat(answer.get("isActive").asBoolean()).isFalse();
    }

    @Test
    void stepsRunOneAfterTheOtherAndTheScoreWeighsFaults() {
        FakeAgent other = FakeAgent.install(server, admin, "host_b");
        JsonNode created = create("""
                {"apiVersion":"chaos.chaosplane.io/v1alpha1","kind":"ChaosExperiment",
                 "metadata":{"name":"two-steps"},
                 "spec":{"target":{"infrastructure":"%s"},"duration":"10s","steps":[
                   [{"name":"cpu","action":{"type":"linux-cpu-stress","parameters":{"Load":"10"}},"weight":10},
                    {"name":"cpu-b","target":{"infrastructure":"host_b"},"action":{"type":"linux-cpu-stress"},"weight":10}],
                   [{"name":"cpu-late","action":{"type":"linux-cpu-stress"},"weight":5}]]}}""".formatted(agent.infraId()));
        String runId = created.get("status").get("runId").asString();
        assertThat(created.get("status").get("steps")).hasSize(2);

        JsonNode first = agent.poll(0).json().get("taskList");
        assertThat(first).hasSize(1); // only step 1's fault on this host; step 2 waits
        JsonNode second = other.poll(0).json().get("taskList");
        assertThat(second).hasSize(1);
        agent.pass(first.get(0).get("taskName").asString());
        assertThat(agent.poll(0).json().get("taskList")).isEmpty(); // step 1 is not done yet
        other.result(second.get(0).get("taskName").asString(), """
                {"result":{"taskStatus":"Completed","verdict":"Fail","probeSuccessPercentage":"50"}}""");

        JsonNode third = agent.poll(0).json().get("taskList");
        assertThat(third).hasSize(1);
        assertThat(third.get(0).get("taskName").asString()).contains("cpu-late");
        agent.pass(third.get(0).get("taskName").asString());

        JsonNode finished = run(runId);
        assertThat(finished.get("phase").asString()).isEqualTo("Completed");
        // (10 x 100 + 10 x 50 + 5 x 100) / 25 = 80
        assertThat(finished.get("resiliencyScore").asDouble()).isEqualTo(80.0);
        assertThat(finished.get("faultsPassed").asInt()).isEqualTo(2);
        assertThat(finished.get("faultsFailed").asInt()).isEqualTo(1);
    }

    @Nested
    class Aborting {

        @Test
        void theAgentLearnsOfTheAbortOnItsNextPollOrStatusAndReportsStopped() {
            JsonNode created = create(cpuExperiment("cpu-abort", agent.infraId(), "60s"));
            String runId = created.get("status").get("runId").asString();
            String taskName =
                    agent.poll(0).json().get("taskList").get(0).get("taskName").asString();

            JsonNode aborted = admin.post("/api/v1/experiments/default/cpu-abort/abort", null)
                    .json();
            assertThat(aborted.get("status").get("phase").asString()).isEqualTo("Running");

            assertThat(agent.poll(0).json().get("abortTaskNames").get(0).asString())
                    .isEqualTo(taskName);
            assertThat(agent.status(taskName, "Running").json().get("abort").asBoolean())
                    .isTrue();
            agent.result(taskName, """
                    {"result":{"taskStatus":"Stopped","verdict":"Stopped"}}""");
            JsonNode finished = run(runId);
            assertThat(finished.get("phase").asString()).isEqualTo("Aborted");
            assertThat(finished.get("faultsStopped").asInt()).isEqualTo(1);

            assertThat(admin.post("/api/v1/runs/" + runId + "/abort", null).status())
                    .isEqualTo(409);
        }

        @Test
        void aQueuedTaskIsWithdrawnBeforeItsAgentTakesIt() {
            JsonNode created = create(cpuExperiment("cpu-withdrawn", agent.infraId(), "60s"));
            String runId = created.get("status").get("runId").asString();
            admin.post("/api/v1/runs/" + runId + "/abort", null);
            assertThat(agent.poll(0).json().get("taskList")).isEmpty();
            assertThat(run(runId).get("phase").asString()).isEqualTo("Aborted");
        }

        @Test
        void anOperatorMayAbortButAViewerMayNot() {
            JsonNode created = create(cpuExperiment("cpu-roles", agent.infraId(), "60s"));
            String runId = created.get("status").get("runId").asString();
            Api viewer = server.withKey(Keys.issue(admin, "viewer"));
            Api operator = server.withKey(Keys.issue(admin, "operator"));
            assertThat(viewer.post("/api/v1/runs/" + runId + "/abort", null).status())
                    .isEqualTo(403);
            assertThat(operator.post("/api/v1/runs/" + runId + "/abort", null).status())
                    .isEqualTo(200);
        }
    }

    @Test
    void aTaskWhoseLeaseRunsOutIsMarkedLostOnItsRun() {
        JsonNode created = create(cpuExperiment("cpu-lost", agent.infraId(), "5s"));
        String runId = created.get("status").get("runId").asString();
        agent.poll(0);
        clock.advance(Duration.ofMinutes(5));
        // the scheduled sweep may hold the sweep lock (having read the clock before it moved), so sweep until settled
        JsonNode lost = Await.until(
                "the lost task fails its run",
                () -> {
                    sweeper.sweep();
                    return run(runId);
                },
                r -> "Failed".equals(r.get("phase").asString()));
        JsonNode fault = lost.get("steps").get(0).get("faults").get(0);
        assertThat(fault.get("errorCode").asString()).isEqualTo("LEASE_EXPIRED");
        assertThat(fault.get("errorReason").asString()).contains("lost contact");
        assertThat(fault.get("verdict").asString()).isEqualTo("N/A");
        assertThat(fixtures.eventReasons(tenant.accountId())).contains("TaskLost", "RunFailed");
    }

    @Nested
    class Refusals {

        @Test
        void aPathThatOnlyEndsLikeConfirmNeedsTheAccessKey() {
            Api.Response response = server.post(
                    "/chaos/lserver/api/infra/task/infra/confirm", java.util.Map.of("hostname", "h", "version", "1"));

            assertThat(response.status()).as(response.text()).isEqualTo(401);
        }

        @Test
        void aReplayedInstallTokenIsRefused() {
            JsonNode created = admin.post(
                            "/api/v1/infrastructures", java.util.Map.of("identifier", "once", "name", "once"))
                    .json();
            String token = created.get("installToken").asString();
            String id = created.get("infrastructure").get("id").asString();
            Api.Response first = server.post(
                    "/chaos/lserver/api/infra/confirm",
                    java.util.Map.of("hostname", "h", "version", "1"),
                    "X-Infra-ID",
                    id,
                    "X-Access-Key",
                    token);
            assertThat(first.status()).isEqualTo(200);
            assertThat(first.json().get("infraID").asString()).isEqualTo(id);
            Api.Response replay = server.post(
                    "/gratis/chaos/lserver/api/infra/confirm",
                    java.util.Map.of("hostname", "h", "version", "1"),
                    "X-Infra-ID",
                    id,
                    "X-Access-Key",
                    token);
            assertThat(replay.status()).isEqualTo(401);
        }

        @Test
        void aWrongAccessKeyIs401() {
            Api.Response response = server.post(
                    "/chaos/lserver/api/infra/liveness",
                    java.util.Map.of(),
                    "X-Infra-ID",
                    agent.infraId(),
                    "X-Access-Key",
                    "wrong");
            assertThat(response.status()).isEqualTo(401);
            assertThat(response.json().get("code").asInt()).isEqualTo(401);
            assertThat(server.get("/gateway/chaos/lserver/api/infra/task").status())
                    .isEqualTo(401);
        }

        @Test
        void anotherTenantsAgentCannotReportOnThisTenantsTask() {
            create(cpuExperiment("cpu-mine", agent.infraId(), "5s"));
            String taskName =
                    agent.poll(0).json().get("taskList").get(0).get("taskName").asString();
            Fixtures.Tenant other = fixtures.newTenant();
            FakeAgent stranger = FakeAgent.install(server, server.withKey(other.adminKey()), "stranger");
            assertThat(stranger.pass(taskName).status()).isEqualTo(404);
            assertThat(stranger.status(taskName, "Running").status()).isEqualTo(404);
            FakeAgent sibling = FakeAgent.install(server, admin, "sibling");
            assertThat(sibling.pass(taskName).status()).isEqualTo(404);
        }

        @Test
        void badExperimentsAreRefusedAtTheirField() {
            assertField(cpuExperiment("bad-duration", agent.infraId(), "-5s"), "spec.duration");
            assertField(cpuExperiment("Bad_Name", agent.infraId(), "5s"), "metadata.name");
            assertField(cpuExperiment("no-infra", "nowhere", "5s"), "spec.target.infrastructure");
            assertField("""
                    {"apiVersion":"chaos.chaosplane.io/v1alpha1","kind":"ChaosExperiment","metadata":{"name":"unknown"},
                     "spec":{"target":{"infrastructure":"%s"},"action":{"type":"linux-teleport"},"duration":"5s"}}""".formatted(agent.infraId()), "spec.action.type");
            assertField("""
                    {"apiVersion":"chaos.chaosplane.io/v1alpha1","kind":"ChaosExperiment","metadata":{"name":"load"},
                     "spec":{"target":{"infrastructure":"%s"},"action":{"type":"linux-cpu-stress","parameters":{"Load":"250"}},
                     "duration":"5s"}}""".formatted(agent.infraId()), "spec.action.parameters.Load");
            assertField("""
                    {"apiVersion":"chaos.chaosplane.io/v1alpha1","kind":"ChaosExperiment","metadata":{"name":"probe"},
                     "spec":{"target":{"infrastructure":"%s"},"action":{"type":"linux-cpu-stress"},"duration":"5s",
                     "probes":[{"name":"p","type":"cmdProbe","mode":"EOT","cmdProbe/inputs":{"command":"true",
                       "comparator":{"type":"string","criteria":">=","value":"x"}},
                       "runProperties":{"probeTimeout":"5s","interval":"1s","attempt":1}}]}}""".formatted(agent.infraId()), "spec.probes[0]");
            assertThat(admin.get("/api/v1/experiments").json().get("items")).isEmpty(); // nothing was saved
        }

        private void assertField(String manifest, String fieldPrefix) {
            Api.Response response = admin.postRaw("/api/v1/experiments", manifest, "application/json");
            assertThat(response.status()).as(response.text()).isEqualTo(400);
            assertThat(response.json().get("errors").get(0).get("field").asString())
                    .startsWith(fieldPrefix);
        }
    }

    @Test
    void aManifestMayBeYaml() {
        Api.Response response =
                admin.postRaw("/api/v1/experiments", """
                apiVersion: chaos.chaosplane.io/v1alpha1
                kind: ChaosExperiment
                metadata:
                  name: from-yaml
                  namespace: staging
                spec:
                  target:
                    infrastructure: %s
                  action:
                    type: linux-cpu-stress
                    parameters:
                      Load: 20
                  duration: 5s
                """.formatted(agent.infraId()), "application/yaml");
        assertThat(response.status()).as(response.text()).isEqualTo(201);
        assertThat(admin.get("/api/v1/experiments?namespace=staging")
                        .json()
                        .get("items")
                        .get(0)
                        .get("name")
                        .asString())
                .isEqualTo("from-yaml");
    }
}
