package io.chaosplane.controlplane.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosplane.controlplane.support.FakeAgent;
import io.chaosplane.controlplane.support.FakeRunner;
import io.chaosplane.controlplane.support.Fixtures;
import io.chaosplane.controlplane.support.IntegrationTest;
import io.chaosplane.protocol.ProtocolJson;
import io.chaosplane.protocol.k8s.ExecutionData;
import io.chaosplane.protocol.k8s.ExecutionTrees;
import io.chaosplane.protocol.k8s.TaskResponse;
import io.chaosplane.testsupport.Api;
import io.chaosplane.testsupport.JsonShapes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * A Kubernetes run reaches its runner as one task, the whole experiment, and its progress comes back as seed 001's
 * WORKFLOW_EVENTs: the seed's bodies are taken as they are, events out of order or twice move nothing backwards, and
 * the experiment run fetch answers the seed's shape member for member.
 */
@IntegrationTest
class WorkflowEventsTest {

    static final Path SEEDS = Path.of("../protocol/src/test/resources/seed001");
    static final String SEED_EXPERIMENT = "23a6c18c-63c6-4948-b932-ae8eef3921f6";
    static final String SEED_RUN = "76079280-cfd6-4390-8ea4-86771c10f44e";

    @LocalServerPort
    int port;

    @Autowired
    Fixtures fixtures;

    Api server;
    Api admin;
    Fixtures.Tenant tenant;
    FakeRunner runner;
    String experimentId;
    String runId;
    String taskName;

    @BeforeEach
    void setUp() {
        server = new Api(port);
        tenant = fixtures.newTenant();
        admin = server.withKey(tenant.adminKey());
        runner = FakeRunner.install(server, admin, "prodecommerce");
    }

    /** Seed 001's experiment: pod-delete, then pod-cpu-hog, each with the google-ping probe. */
    private void startSeedExperiment(String name) {
        String probe = """
                {"name":"google-ping","type":"httpProbe","mode":"SOT",
                 "httpProbe/inputs":{"url":"https://www.google.com","method":{"get":{"criteria":"==","responseCode":"200"}}}}""";
        Api.Response created =
                admin.postRaw("/api/v1/experiments", """
                {"apiVersion":"chaos.chaosplane.io/v1alpha1","kind":"ChaosExperiment",
                 "metadata":{"name":"%s","namespace":"v2"},
                 "spec":{"steps":[
                   [{"name":"pod-delete-wm3","target":{"kind":"Deployment","namespace":"demo","names":"podtato-hats"},
                     "action":{"type":"pod-delete","parameters":{"CHAOS_INTERVAL":"10","FORCE":"false","SEQUENCE":"parallel"}},
                     "duration":"30s","probes":[%s]}],
                   [{"name":"pod-cpu-hog-pys","target":{"kind":"Deployment","namespace":"demo","names":"podtato-left-leg",
                                                        "infrastructure":"prodecommerce"},
                     "action":{"type":"pod-cpu-hog","parameters":{"CPU_CORES":"1","CPU_LOAD":"100"}},
                     "duration":"60s","probes":[%s]}]]}}""".formatted(name, probe, probe), "application/json");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        experimentId = created.json().get("metadata").get("uid").asString();
        runId = created.json().get("status").get("runId").asString();
        JsonNode task = runner.poll(0).json().get("taskList").get(0);
        taskName = task.get("taskName").asString();
    }

    private JsonNode run() {
        return admin.get("/api/v1/runs/" + runId).json();
    }

    private JsonNode fault(String name) {
        for (JsonNode step : run().get("steps")) {
            for (JsonNode fault : step.get("faults")) {
                if (fault.get("name").asString().equals(name)) {
                    return fault;
                }
            }
        }
        throw new AssertionError("no fault " + name);
    }

    private String seedEvent() throws Exception {
        return Files.readString(SEEDS.resolve("v2-task-response.json"))
                .replace(SEED_EXPERIMENT, experimentId)
                .replace(SEED_RUN, runId);
    }

    private String query() {
        return "environmentIdentifier=&accountIdentifier=" + tenant.accountId()
                + "&organizationIdentifier=default&projectIdentifier=default_project";
    }

    /** An event of this run whose task nodes are as given: {name: [phase, verdict, probeSuccessPercentage]}. */
    private String event(Map<String, List<String>> tasks, boolean completed, long at) {
        Map<String, ExecutionData.Node> nodes = new LinkedHashMap<>();
        nodes.put(
                "api-payload-test",
                new ExecutionData.Node(
                        "api-payload-test",
                        "Running",
                        "",
                        "1",
                        "",
                        List.of("api-payload-test-pod-delete-wm3"),
                        ExecutionData.STEPS,
                        null));
        tasks.forEach((name, state) -> nodes.put(
                "api-payload-test-" + name,
                new ExecutionData.Node(
                        name,
                        state.get(0),
                        "",
                        Long.toString(at),
                        "",
                        null,
                        ExecutionData.K8S_TASK,
                        new ExecutionData.ChaosData(
                                "v2",
                                name,
                                state.get(0),
                                Long.toString(at),
                                state.get(1),
                                state.get(2),
                                "",
                                "",
                                "",
                                "",
                                null))));
        ExecutionData data =
                new ExecutionData("events", "UPDATE", "v2", "api-payload-test", "1", "Running", "", "1", "", nodes, "");
        return ProtocolJson.mapper()
                .writeValueAsString(new TaskResponse(
                        TaskResponse.WORKFLOW_EVENT,
                        "SYNC",
                        runner.infraId(),
                        new TaskResponse.WorkflowEventArgs(
                                Boolean.toString(completed),
                                ProtocolJson.mapper().writeValueAsString(data),
                                runner.infraId(),
                                "n",
                                "",
                                experimentId,
                                "api-payload-test",
                                runId)));
    }

    private void post(String body) {
        Api.Response answer = runner.taskResponse(runner.infraId(), "", body);
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
    }

    @Test
    void theRunnerGetsTheWholeExperimentAsOneTask() {
        Api.Response created = admin.postRaw("/api/v1/experiments", """
                {"apiVersion":"chaos.chaosplane.io/v1alpha1","kind":"ChaosExperiment",
                 "metadata":{"name":"pod-kill-test","namespace":"production"},
                 "spec":{"target":{"kind":"Pod","namespace":"production","labelSelector":{"matchLabels":{"app":"my-app"}}},
                         "action":{"type":"pod-kill","parameters":{"gracePeriodSeconds":"0"}},"duration":"30s"}}""", "application/json");
        assertThat(created.status())
                .as("seed 000's example plans onto the project's cluster: " + created.text())
                .isEqualTo(201);

        JsonNode poll = runner.poll(0).json();
        JsonNode task = poll.get("taskList").get(0);
        JsonNode workflow = task.get("action").get("workflow");
        assertThat(task.get("action").has("chaos")).isFalse();
        assertThat(workflow.get("experiment").get("kind").asString()).isEqualTo("KubernetesChaosExperiment");
        JsonNode spec = workflow.get("experiment").get("spec");
        assertThat(spec.get("steps").get(0).get(0).get("name").asString()).isEqualTo("pod-kill-test");
        JsonNode definition = spec.get("tasks").get(0).get("definition");
        assertThat(definition.get("chaos").get("experiment").asString()).isEqualTo("pod-kill");
        assertThat(definition.get("chaos").get("env").toString())
                .contains("gracePeriodSeconds", "\"name\":\"TOTAL_CHAOS_DURATION\",\"value\":\"30\"");
        assertThat(definition
                        .get("targets")
                        .get("selectors")
                        .get("workloads")
                        .get(0)
                        .toString())
                .isEqualTo("{\"kind\":\"pod\",\"namespace\":\"production\",\"names\":\"\",\"labels\":\"app=my-app\"}");
        assertThat(workflow.get("streamIDs").get("pod-kill-test").asString())
                .startsWith(created.json().get("status").get("runId").asString() + "-");
        assertThat(task.get("leaseSeconds").asLong()).isGreaterThan(30);
        assertThat(runner.poll(0).json().get("taskList")).isEmpty();
    }

    @Test
    void seedBodiesAreAcceptedAsTheyAreAndAnsweredWithTheSeedsText() throws Exception {
        startSeedExperiment("api-payload-test");

        Api.Response answer = server.postRaw(
                "/gateway" + FakeRunner.BASE + "/v2/task/response/prodecommerce?" + query(),
                seedEvent(),
                "application/json",
                "X-Access-Key",
                runner.accessKey());

        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        assertThat(answer.text())
                .isEqualTo("Received task callback for taskType: WORKFLOW_EVENT, response: Workflow"
                        + " run received for for WorkflowID: " + experimentId + ", WorkflowRunID: " + runId);
        assertThat(fault("pod-delete-wm3").get("phase").asString()).isEqualTo("Running");
        assertThat(fault("pod-cpu-hog-pys").get("phase").asString()).isEqualTo("Queued");
        assertThat(run().get("phase").asString()).isEqualTo("Running");
    }

    @Test
    void eventsTwiceOrOutOfOrderNeverMoveTheRunBackwardsAndTheLastOnesScoreIt() throws Exception {
        startSeedExperiment("api-payload-test");
        post(seedEvent());
        post(seedEvent());

        // the second step's outcome comes first
        post(event(
                Map.of(
                        "pod-delete-wm3",
                        List.of("Running", "Awaited", ""),
                        "pod-cpu-hog-pys",
                        List.of("Succeeded", "Pass", "100")),
                false,
                30));
        assertThat(run().get("phase").asString()).isEqualTo("Running");
        assertThat(fault("pod-cpu-hog-pys").get("verdict").asString()).isEqualTo("Pass");
        // an old event, all Pending, changes nothing
        post(event(
                Map.of("pod-delete-wm3", List.of("Pending", "", ""), "pod-cpu-hog-pys", List.of("Pending", "", "")),
                false,
                1));
        assertThat(fault("pod-cpu-hog-pys").get("phase").asString()).isEqualTo("Completed");
        assertThat(fault("pod-delete-wm3").get("phase").asString()).isEqualTo("Running");

        post(event(
                Map.of(
                        "pod-delete-wm3",
                        List.of("Succeeded", "Fail", "0"),
                        "pod-cpu-hog-pys",
                        List.of("Succeeded", "Pass", "100")),
                true,
                40));
        JsonNode finished = run();
        assertThat(finished.get("phase").asString()).isEqualTo("Completed");
        assertThat(finished.get("resiliencyScore").asDouble()).isEqualTo(50.0);
        assertThat(finished.get("faultsPassed").asInt()).isEqualTo(1);
        assertThat(finished.get("faultsFailed").asInt()).isEqualTo(1);

        // a late, different outcome for a finished fault changes nothing either
        post(event(Map.of("pod-delete-wm3", List.of("Succeeded", "Pass", "100")), true, 50));
        assertThat(run().get("resiliencyScore").asDouble()).isEqualTo(50.0);
        assertThat(runner.result(taskName, """
                {"result":{"taskStatus":"Completed","verdict":"Fail","probeSuccessPercentage":"50"},"logs":""}""").status()).isEqualTo(200);
        assertThat(run().get("resiliencyScore").asDouble()).isEqualTo(50.0);
    }

    @Test
    void eventsArrivingAtOnceAreWrittenTogetherAndEachSenderLearnsItsOwnOutcome() throws Exception {
        startSeedExperiment("api-payload-test");
        List<String> bodies = new ArrayList<>();
        for (int at = 2; at < 22; at++) {
            bodies.add(event(
                    Map.of(
                            "pod-delete-wm3",
                            List.of(
                                    at < 12 ? "Running" : "Succeeded",
                                    at < 12 ? "Awaited" : "Fail",
                                    at < 12 ? "" : "0"),
                            "pod-cpu-hog-pys",
                            List.of("Running", "Awaited", "")),
                    false,
                    at));
        }
        bodies.add(event(
                Map.of(
                        "pod-delete-wm3",
                        List.of("Succeeded", "Fail", "0"),
                        "pod-cpu-hog-pys",
                        List.of("Succeeded", "Pass", "100")),
                true,
                30));
        // another experiment's id for this run: refused alone, while the events written beside it are taken
        String foreign = event(Map.of("pod-delete-wm3", List.of("Running", "Awaited", "")), false, 3)
                .replace(experimentId, UUID.randomUUID().toString());
        bodies.add(foreign);

        CountDownLatch start = new CountDownLatch(1);
        List<Future<Api.Response>> answers = new ArrayList<>();
        try (ExecutorService senders = Executors.newFixedThreadPool(bodies.size())) {
            for (String body : bodies) {
                answers.add(senders.submit(() -> {
                    start.await();
                    return runner.taskResponse(runner.infraId(), "", body);
                }));
            }
            start.countDown();
            for (int i = 0; i < bodies.size(); i++) {
                Api.Response answer = answers.get(i).get();
                assertThat(answer.status()).as(answer.text()).isEqualTo(bodies.get(i) == foreign ? 404 : 200);
            }
        }
        JsonNode finished = run();
        assertThat(finished.get("phase").asString()).isEqualTo("Completed");
        assertThat(finished.get("resiliencyScore").asDouble()).isEqualTo(50.0);
        assertThat(fault("pod-delete-wm3").get("verdict").asString()).isEqualTo("Fail");
        assertThat(fault("pod-cpu-hog-pys").get("verdict").asString()).isEqualTo("Pass");
    }

    @Test
    void theExperimentRunFetchAnswersTheSeedsShapeMemberForMember() throws Exception {
        startSeedExperiment("api-payload-test");
        post(seedEvent());

        Api.Response fetched = runner.experimentRun(experimentId, runId);

        assertThat(fetched.status()).as(fetched.text()).isEqualTo(200);
        JsonNode seed = ProtocolJson.mapper().readTree(Files.readString(SEEDS.resolve("experimentrun-response.json")));
        assertThat(JsonShapes.differences("", seed, fetched.json())).isEmpty();
        JsonNode data = fetched.json().get("data");
        assertThat(data.get("experimentRunID").asString()).isEqualTo(runId);
        assertThat(data.get("infraID").asString()).isEqualTo("prodecommerce");
        assertThat(data.get("phase").asString()).isEqualTo("Running");
        assertThat(data.get("totalFaults").asInt()).isEqualTo(2);
        assertThat(data.get("executionData")
                        .get("nodes")
                        .get("api-payload-test-pod-delete-wm3")
                        .get("phase")
                        .asString())
                .isEqualTo("Running");
        assertThat(data.get("faultsWithProbes")
                        .get(1)
                        .get("probes")
                        .get(0)
                        .get("ProbeID")
                        .asString())
                .isEqualTo("google-ping");
        assertThat(data.get("completed").asBoolean()).isFalse();
    }

    @Test
    void beforeAnyEventTheFetchShowsEveryTaskPending() {
        startSeedExperiment("api-payload-test");

        JsonNode nodes = runner.experimentRun(experimentId, runId)
                .json()
                .get("data")
                .get("executionData")
                .get("nodes");

        assertThat(nodes.get("api-payload-test").get("children").get(0).asString())
                .isEqualTo("api-payload-test-pod-delete-wm3");
        assertThat(nodes.get("api-payload-test-pod-delete-wm3")
                        .get("children")
                        .get(0)
                        .asString())
                .isEqualTo("api-payload-test-pod-cpu-hog-pys");
        assertThat(nodes.get("api-payload-test-pod-cpu-hog-pys").get("phase").asString())
                .isEqualTo(ExecutionTrees.PENDING);
    }

    @Test
    void abortReachesTheRunnerWhichReportsStopped() {
        startSeedExperiment("abort-me");
        post(event(Map.of("pod-delete-wm3", List.of("Running", "Awaited", "")), false, 5)
                .replace("api-payload-test", "abort-me"));

        assertThat(admin.post("/api/v1/runs/" + runId + "/abort", null).status())
                .isEqualTo(200);
        assertThat(runner.status(taskName).json().get("abort").asBoolean()).isTrue();
        assertThat(fault("pod-cpu-hog-pys").get("phase").asString())
                .as("never started")
                .isEqualTo("Stopped");
        post(event(Map.of("pod-delete-wm3", List.of("Stopped", "Stopped", "100")), true, 9)
                .replace("api-payload-test", "abort-me"));
        assertThat(runner.result(taskName, """
                {"result":{"taskStatus":"Stopped","verdict":"Stopped","errorOutput":{"errorCode":"E2010: EXPERIMENT_ABORTED",
                 "reason":"the run was aborted"}},"logs":""}""").status()).isEqualTo(200);

        assertThat(run().get("phase").asString()).isEqualTo("Aborted");
        assertThat(fault("pod-delete-wm3").get("verdict").asString()).isEqualTo("Stopped");
        assertThat(admin.post("/api/v1/runs/" + runId + "/pause", null).status())
                .isEqualTo(409);
    }

    @Test
    void aResultWithoutFinalEventsSettlesTheFaultsLeftOpen() {
        startSeedExperiment("api-payload-test");

        runner.result(taskName, """
                {"result":{"taskStatus":"Error","verdict":"Error","errorOutput":{"errorCode":"E2003: AGENT_RESTARTED",
                 "reason":"the agent restarted while pod-delete was in force; it was reverted at start-up"}}}""");

        assertThat(run().get("phase").asString()).isEqualTo("Failed");
        assertThat(fault("pod-delete-wm3").get("errorCode").asString()).isEqualTo("E2003: AGENT_RESTARTED");
        assertThat(runner.poll(0).json().get("isActive").asBoolean()).isFalse();
    }

    @Nested
    class RefusedCalls {

        @Test
        void badBodiesAreRefusedAtTheirField() throws Exception {
            startSeedExperiment("api-payload-test");
            assertThat(field(runner.taskResponse(
                            runner.infraId(), "", seedEvent().replace("WORKFLOW_EVENT", "OTHER"))))
                    .isEqualTo("taskType");
            assertThat(field(runner.taskResponse(
                            runner.infraId(),
                            "",
                            seedEvent().replaceFirst("\"executionData\": \"\\{", "\"executionData\": \"x{"))))
                    .isEqualTo("args.executionData");
            assertThat(field(runner.taskResponse(
                            runner.infraId(), "", seedEvent().replace(runId, "not-a-run"))))
                    .isEqualTo("args.workflowRunID");
            assertThat(runner.taskResponse(
                                    runner.infraId(),
                                    "",
                                    seedEvent().replace(runId, "00000000-0000-0000-0000-000000000000"))
                            .status())
                    .isEqualTo(404);
        }

        @Test
        void anotherInfrastructuresKeyOrTenantIsRefused() throws Exception {
            startSeedExperiment("api-payload-test");
            FakeRunner stranger = FakeRunner.install(
                    server, server.withKey(fixtures.newTenant().adminKey()), "other");

            assertThat(server.postRaw(
                                    FakeRunner.BASE + "/v2/task/response/prodecommerce",
                                    seedEvent(),
                                    "application/json",
                                    "X-Access-Key",
                                    stranger.accessKey())
                            .status())
                    .isEqualTo(401);
            assertThat(stranger.taskResponse(stranger.infraId(), "", seedEvent())
                            .status())
                    .isEqualTo(403);
            assertThat(stranger.experimentRun(experimentId, runId).status()).isEqualTo(404);
            assertThat(runner.taskResponse(runner.infraId(), "accountIdentifier=someone_else", seedEvent())
                            .status())
                    .isEqualTo(403);
        }

        @Test
        void aLinuxAgentHasNoKserverCalls() {
            FakeAgent linux = FakeAgent.install(server, admin, "host");
            assertThat(server.get(FakeRunner.BASE + "/task", linux.headers()).status())
                    .isEqualTo(403);
        }

        private String field(Api.Response response) {
            assertThat(response.status()).as(response.text()).isEqualTo(400);
            return response.json().get("errors").get(0).get("field").asString();
        }
    }
}
