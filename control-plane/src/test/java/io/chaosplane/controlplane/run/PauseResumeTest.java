package io.chaosplane.controlplane.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosplane.controlplane.support.FakeAgent;
import io.chaosplane.controlplane.support.Fixtures;
import io.chaosplane.controlplane.support.IntegrationTest;
import io.chaosplane.testsupport.Api;
import io.chaosplane.testsupport.TestClock;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** Pause reverts the fault and stops its clock; resume puts it back in force for what remains. */
@IntegrationTest
class PauseResumeTest {

    @LocalServerPort
    int port;

    @Autowired
    Fixtures fixtures;

    @Autowired
    TestClock clock;

    Api admin;
    FakeAgent agent;

    @BeforeEach
    void setUp() {
        Api server = new Api(port);
        admin = server.withKey(fixtures.newTenant().adminKey());
        agent = FakeAgent.install(server, admin, "pausable");
        admin.postRaw(
                "/api/v1/experiments",
                DispatchTest.cpuExperiment("paused", agent.infraId(), "60s"),
                "application/json");
    }

    private static String duration(JsonNode task) {
        for (JsonNode input : task.get("action").get("chaos").get("experimentInputs")) {
            if (input.get("name").asString().equals("Duration")) {
                return input.get("value").asString();
            }
        }
        throw new AssertionError("no Duration input");
    }

    @Test
    void aPausedFaultIsRevertedAndResumedForWhatRemains() {
        JsonNode task = agent.poll(0).json().get("taskList").get(0);
        String taskName = task.get("taskName").asString();
        assertThat(duration(task)).isEqualTo("60s");

        clock.advance(Duration.ofSeconds(20));
        JsonNode paused =
                admin.post("/api/v1/experiments/default/paused/pause", null).json();
        assertThat(paused.get("status").get("phase").asString()).isEqualTo("Paused");
        assertThat(agent.status(taskName, "Running").json().get("abort").asBoolean())
                .isTrue();
        agent.result(taskName, "{\"result\":{\"taskStatus\":\"Stopped\",\"verdict\":\"Stopped\"}}");
        assertThat(agent.poll(0).json().get("taskList")).isEmpty(); // nothing in force while paused

        assertThat(admin.post("/api/v1/experiments/default/paused/pause", null).status())
                .isEqualTo(409);
        JsonNode resumed =
                admin.post("/api/v1/experiments/default/paused/resume", null).json();
        assertThat(resumed.get("status").get("phase").asString()).isEqualTo("Running");
        assertThat(admin.post("/api/v1/experiments/default/paused/resume", null).status())
                .isEqualTo(409);

        JsonNode again = agent.poll(0).json().get("taskList").get(0);
        assertThat(again.get("taskName").asString()).isEqualTo(taskName);
        assertThat(duration(again)).isEqualTo("40s");
        assertThat(again.get("leaseSeconds").asLong())
                .isLessThan(task.get("leaseSeconds").asLong());
        agent.pass(taskName);
        JsonNode done = admin.get("/api/v1/experiments/default/paused").json();
        assertThat(done.get("status").get("phase").asString()).isEqualTo("Completed");
        assertThat(admin.post("/api/v1/experiments/default/paused/pause", null).status())
                .isEqualTo(409);
        assertThat(admin.post("/api/v1/experiments/default/paused/abort", null).status())
                .isEqualTo(409);
    }

    @Test
    void theAgentIsToldThatAStopIsAPauseSoThatItKeepsTheLogStreamOpenButAnAbortIsNot() {
        String taskName =
                agent.poll(0).json().get("taskList").get(0).get("taskName").asString();
        admin.post("/api/v1/experiments/default/paused/pause", null);

        JsonNode poll = agent.poll(0).json();
        assertThat(poll.get("abortTaskNames").toString()).contains(taskName);
        assertThat(poll.get("pauseTaskNames").toString()).contains(taskName);
        JsonNode status = agent.status(taskName, "Running").json();
        assertThat(status.get("abort").asBoolean()).isTrue();
        assertThat(status.get("pause").asBoolean()).isTrue();
        agent.result(taskName, "{\"result\":{\"taskStatus\":\"Stopped\",\"verdict\":\"Stopped\"}}");

        admin.post("/api/v1/experiments/default/paused/resume", null);
        assertThat(agent.poll(0).json().get("taskList").get(0).get("taskName").asString())
                .isEqualTo(taskName);
        JsonNode running = agent.status(taskName, "Running").json();
        assertThat(running.get("abort").asBoolean()).isFalse();
        assertThat(running.has("pause")).isFalse();

        admin.post("/api/v1/experiments/default/paused/abort", null);
        JsonNode abortPoll = agent.poll(0).json();
        assertThat(abortPoll.get("abortTaskNames").toString()).contains(taskName);
        assertThat(abortPoll.has("pauseTaskNames"))
                .as("an abort is not a pause")
                .isFalse();
        JsonNode aborting = agent.status(taskName, "Running").json();
        assertThat(aborting.get("abort").asBoolean()).isTrue();
        assertThat(aborting.has("pause")).isFalse();
    }

    @Test
    void pausingBeforeAnAgentTookTheTaskKeepsItQueuedForTheResume() {
        admin.post("/api/v1/experiments/default/paused/pause", null);
        assertThat(agent.poll(0).json().get("taskList")).isEmpty();
        admin.post("/api/v1/experiments/default/paused/resume", null);
        JsonNode task = agent.poll(0).json().get("taskList").get(0);
        assertThat(duration(task)).isEqualTo("60s");
    }

    @Test
    void aPausedRunCanBeAbortedAndAbortingTwiceIsAConflict() {
        String taskName =
                agent.poll(0).json().get("taskList").get(0).get("taskName").asString();
        admin.post("/api/v1/experiments/default/paused/pause", null);
        agent.result(taskName, "{\"result\":{\"taskStatus\":\"Stopped\",\"verdict\":\"Stopped\"}}");
        JsonNode aborted =
                admin.post("/api/v1/experiments/default/paused/abort", null).json();
        assertThat(aborted.get("status").get("phase").asString()).isEqualTo("Aborted");
        assertThat(admin.post("/api/v1/experiments/default/paused/abort", null).status())
                .isEqualTo(409);
        assertThat(admin.post("/api/v1/experiments/default/paused/resume", null).status())
                .isEqualTo(409);
    }

    @Test
    void anAgentThatReportsThePauseAfterTheResumeGetsTheFaultBackAtOnce() {
        String taskName =
                agent.poll(0).json().get("taskList").get(0).get("taskName").asString();
        admin.post("/api/v1/experiments/default/paused/pause", null);
        admin.post("/api/v1/experiments/default/paused/resume", null);
        agent.result(taskName, "{\"result\":{\"taskStatus\":\"Stopped\",\"verdict\":\"Stopped\"}}");
        assertThat(agent.poll(0).json().get("taskList").get(0).get("taskName").asString())
                .isEqualTo(taskName);
    }
}
