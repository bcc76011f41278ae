package io.chaosplane.controlplane.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosplane.controlplane.support.FakeAgent;
import io.chaosplane.controlplane.support.Fixtures;
import io.chaosplane.controlplane.support.IntegrationTest;
import io.chaosplane.testsupport.Api;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The agent protocol checks what it accepts: seed 001's bodies pass as they are, anything that is not a valid body
 * is refused (400, or 409 for a task handed out with another lceUID) and changes nothing.
 */
@IntegrationTest
class AgentBodiesTest {

    private static final String BASE = "/chaos/lserver/api/infra";

    @LocalServerPort
    int port;

    @Autowired
    Fixtures fixtures;

    Api server;
    Api admin;
    FakeAgent agent;

    @BeforeEach
    void setUp() {
        server = new Api(port);
        admin = server.withKey(fixtures.newTenant().adminKey());
        agent = FakeAgent.install(server, admin, "bodies_host");
    }

    private static String field(Api.Response response) {
        return response.json().get("errors").get(0).get("field").asString();
    }

    /** A running task of a new run: its name, and the run's id. */
    private String[] runningTask(String name) {
        JsonNode created = admin.postRaw(
                        "/api/v1/experiments",
                        DispatchTest.cpuExperiment(name, agent.infraId(), "60s"),
                        "application/json")
                .json();
        String taskName =
                agent.poll(0).json().get("taskList").get(0).get("taskName").asString();
        return new String[] {taskName, created.get("status").get("runId").asString()};
    }

    private JsonNode run(String runId) {
        return admin.get("/api/v1/runs/" + runId).json();
    }

    @Nested
    class Confirm {

        private JsonNode created;

        @BeforeEach
        void newInfrastructure() {
            created = admin.post("/api/v1/infrastructures", Map.of("identifier", "to_confirm", "name", "to-confirm"))
                    .json();
        }

        private Api.Response confirm(String body) {
            return server.postRaw(
                    BASE + "/confirm",
                    body,
                    "application/json",
                    "X-Infra-ID",
                    created.get("infrastructure").get("id").asString(),
                    "X-Access-Key",
                    created.get("installToken").asString());
        }

        @Test
        void withoutABodyOrTheSeedsMembersItIsRefusedAndTheInstallTokenStaysUnspent() {
            assertThat(confirm("").status()).isEqualTo(400);
            Api.Response withoutHostname = confirm("{\"version\":\"1.59.0\"}");
            assertThat(withoutHostname.status()).isEqualTo(400);
            assertThat(field(withoutHostname)).isEqualTo("hostname");
            assertThat(field(confirm("{\"hostname\":\"ip-172-31-13-123\",\"version\":\" \"}")))
                    .isEqualTo("version");

            Api.Response seeds = confirm("{\"hostname\":\"ip-172-31-13-123\",\"version\":\"1.59.0\"}");
            assertThat(seeds.status()).as(seeds.text()).isEqualTo(200);
            assertThat(seeds.json().get("newAccessKey").asString()).isNotBlank();
        }
    }

    @Nested
    class Liveness {

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"alive", "[1]", "\"ok\"", "{\"a\":"})
        void aBodyThatIsNoLivenessBodyIsRefused(String body) {
            Api.Response response = server.postRaw(BASE + "/liveness", body, "application/json", agent.headers());

            assertThat(response.status()).as(response.text()).isEqualTo(400);
            assertThat(response.json().get("code").asInt()).isEqualTo(400);
        }

        @Test
        void theSeedsEmptyObjectOrNoBodyAtAllIsFine() {
            assertThat(server.postRaw(BASE + "/liveness", "{}", "application/json", agent.headers())
                            .status())
                    .isEqualTo(200);
            assertThat(server.send("POST", BASE + "/liveness", null, null, agent.headers())
                            .status())
                    .isEqualTo(200);
        }
    }

    @Nested
    class Status {

        @Test
        void anUnknownPhaseIsRefusedWithTheSeedsSpellings() {
            String taskName = runningTask("status-phase")[0];
            Api.Response response = server.postRaw(
                    BASE + "/task/status/" + taskName,
                    "{\"taskStatus\":\"Sleeping\",\"lceUID\":\"x\"}",
                    "application/json",
                    agent.headers());

            assertThat(response.status()).isEqualTo(400);
            assertThat(field(response)).isEqualTo("taskStatus");
            assertThat(response.json().get("error").asString()).contains("[Running, Completed, Error, Stopped]");
        }

        @Test
        void anLceUidOtherThanTheTasksIs409AndChangesNothing() {
            String[] task = runningTask("status-lce");
            JsonNode before = run(task[1]);

            Api.Response other = server.postRaw(
                    BASE + "/task/status/" + task[0],
                    "{\"taskStatus\":\"Running\",\"lceUID\":\"" + "x".repeat(100_000) + "\"}",
                    "application/json",
                    agent.headers());
            Api.Response missing = server.postRaw(
                    BASE + "/task/status/" + task[0],
                    "{\"taskStatus\":\"Running\"}",
                    "application/json",
                    agent.headers());

            assertThat(other.status()).isEqualTo(409);
            assertThat(other.text()).hasSizeLessThan(1000);
            assertThat(missing.status()).isEqualTo(400);
            assertThat(field(missing)).isEqualTo("lceUID");
            assertThat(run(task[1])).isEqualTo(before);
            assertThat(agent.status(task[0], "Running").status()).isEqualTo(200);
        }
    }

    @Nested
    class Result {

        @ParameterizedTest(name = "{0}")
        @ValueSource(
                strings = {
                    "{\"result\":{\"taskStatus\":\"Completed\",\"probeSuccessPercentage\":\"100\"}}",
                    "{\"result\":{\"taskStatus\":\"Completed\",\"verdict\":\"Maybe\"}}",
                    "{\"result\":{\"taskStatus\":\"Completed\",\"verdict\":\"Pass\",\"probeStatuses\":"
                            + "[{\"name\":\"p\",\"type\":\"cmdProbe\",\"mode\":\"Sometimes\",\"status\":{\"verdict\":\"Passed\"}}]}}",
                    "{\"result\":{\"taskStatus\":\"Completed\",\"verdict\":\"Pass\",\"probeStatuses\":[null]}}",
                    "{\"logs\":\"no result\"}"
                })
        void aResultThatIsNotAValidOneIsRefusedAndStoresNothing(String body) {
            String[] task = runningTask("result-bad");
            JsonNode before = run(task[1]);

            Api.Response response = agent.result(task[0], body);

            assertThat(response.status()).as(response.text()).isEqualTo(400);
            assertThat(field(response)).startsWith("result");
            assertThat(run(task[1])).isEqualTo(before);
            assertThat(agent.pass(task[0]).status()).isEqualTo(200);
            assertThat(run(task[1]).get("phase").asString()).isEqualTo("Completed");
        }

        @Test
        void theSeedsResultIsAcceptedAsItIs() {
            String taskName = runningTask("result-seed")[0];

            Api.Response response = agent.result(taskName, """
                    {"result":{"taskStatus":"Error","verdict":"Error","errorOutput":{"errorCode":"E2008: CMD_PROBE_ERROR",
                      "reason":"unable to run command"},"probeSuccessPercentage":"0","probeStatuses":[{"name":"system-probe",
                      "type":"cmdProbe","mode":"EOT","status":{"verdict":"N/A","description":"Either probe is not executed or not evaluated"}}]},
                     "logs":"{...large multiline string with merged logs...}"}""");

            assertThat(response.status()).as(response.text()).isEqualTo(200);
        }
    }

    @Nested
    class Logs {

        @ParameterizedTest(name = "{0}")
        @ValueSource(
                strings = {
                    "{\"streamID\":\"s\"}",
                    "{\"streamID\":\"s\",\"logs\":null}",
                    "{\"streamID\":\"s\",\"logs\":[null]}"
                })
        void aBatchWithoutItsLinesIsRefused(String body) {
            Api.Response response = server.postRaw(BASE + "/logs", body, "application/json", agent.headers());

            assertThat(response.status()).as(response.text()).isEqualTo(400);
            assertThat(field(response)).startsWith("logs");
        }
    }
}
