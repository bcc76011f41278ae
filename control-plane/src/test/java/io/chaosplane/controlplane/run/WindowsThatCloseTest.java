package io.chaosplane.controlplane.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chaosplane.controlplane.support.FakeAgent;
import io.chaosplane.controlplane.support.Fixtures;
import io.chaosplane.controlplane.support.IntegrationTest;
import io.chaosplane.testsupport.Api;
import io.chaosplane.testsupport.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * A run still going when its project's time window closes, or a blackout begins, is stopped with that reason; the
 * application's clock is moved past the window rather than waited for.
 */
@IntegrationTest
class WindowsThatCloseTest {

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
        agent = FakeAgent.install(server, admin, "windowed");
    }

    @AfterEach
    void realTime() {
        clock.reset();
    }

    private void policy(String json) {
        Api.Response created = admin.postRaw("/api/v1/policies", json, "application/json");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
    }

    /** Starts a ten-minute fault and has the agent run it; answers the run's id and the task's name. */
    private String[] running(String name) {
        Api.Response created = admin.postRaw(
                "/api/v1/experiments", DispatchTest.cpuExperiment(name, agent.infraId(), "10m"), "application/json");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        String taskName =
                agent.poll(0).json().get("taskList").get(0).get("taskName").asString();
        agent.status(taskName, "Running");
        return new String[] {created.json().get("status").get("runId").asString(), taskName};
    }

    /**
     * Waits for the agent to be told to stop the run's task, reports it reverted (Stopped) as the agent would, and
     * answers the run then.
     */
    private JsonNode stoppedAndReverted(String[] run) {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> agent.status(run[1], "Running").json().get("abort").asBoolean());
        agent.result(run[1], "{\"result\":{\"taskStatus\":\"Stopped\",\"verdict\":\"Stopped\"}}");
        JsonNode stopped = admin.get("/api/v1/runs/" + run[0]).json();
        assertThat(stopped.get("phase").asString()).isEqualTo("Stopped");
        return stopped;
    }

    @Test
    void aRunStillGoingWhenItsTimeWindowClosesIsStoppedAndItsFaultReverted() {
        LocalTime now = LocalTime.ofInstant(clock.instant(), ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES);
        policy("""
                {"name":"hours","rules":[{"name":"office","type":"timeWindow",
                  "windows":[{"start":"%s","end":"%s","timezone":"UTC"}]}]}""".formatted(now.minusHours(1), now.plusMinutes(2)));
        String[] run = running("windowed");

        clock.advance(Duration.ofMinutes(3));

        await().atMost(Duration.ofSeconds(30))
                .until(() ->
                        agent.poll(0).json().path("abortTaskNames").toString().contains(run[1]));
        JsonNode stopped = stoppedAndReverted(run);
        assertThat(stopped.get("message").asString())
                .contains("the time window of policy 'hours' rule 'office' closed");
    }

    @Test
    void aRunStillGoingWhenABlackoutBeginsIsStopped() {
        Instant now = clock.instant();
        policy("""
                {"name":"freeze","rules":[{"name":"release","type":"blackout","from":"%s","to":"%s"}]}""".formatted(now.plus(Duration.ofMinutes(2)), now.plus(Duration.ofHours(1))));
        String[] run = running("frozen");

        clock.advance(Duration.ofMinutes(3));

        assertThat(stoppedAndReverted(run).get("message").asString())
                .contains("the blackout of policy 'freeze' rule 'release' began");
    }
}
