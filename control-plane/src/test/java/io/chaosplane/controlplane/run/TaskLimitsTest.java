package io.chaosplane.controlplane.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosplane.controlplane.support.FakeAgent;
import io.chaosplane.controlplane.support.Fixtures;
import io.chaosplane.controlplane.support.IntegrationTest;
import io.chaosplane.testsupport.Api;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** Every task carries the limits its project's policies set when its run was planned, for its agent to check again. */
@IntegrationTest
class TaskLimitsTest {

    @LocalServerPort
    int port;

    @Autowired
    Fixtures fixtures;

    Api admin;
    FakeAgent agent;

    @BeforeEach
    void setUp() {
        Api server = new Api(port);
        admin = server.withKey(fixtures.newTenant().adminKey());
        agent = FakeAgent.install(server, admin, "limited");
    }

    private void policy(String json) {
        Api.Response created = admin.postRaw("/api/v1/policies", json, "application/json");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
    }

    private JsonNode handedOut(String name) {
        Api.Response created = admin.postRaw(
                "/api/v1/experiments", DispatchTest.cpuExperiment(name, agent.infraId(), "60s"), "application/json");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return agent.poll(0).json().get("taskList").get(0);
    }

    @Test
    void theControlPlaneFillsEachTasksLimitsFromThePoliciesAtPlanning() {
        policy("""
                {"name":"long","rules":[{"name":"ten-minutes","type":"maxDuration","max":"10m"}]}""");
        policy("""
                {"name":"safe","rules":[
                  {"name":"five-minutes","type":"maxDuration","max":"5m"},
                  {"name":"two-at-once","type":"maxBlastRadius","maxFaultsPerInfrastructure":2},
                  {"name":"no-network","type":"denyFaults","faults":["linux-network-*"]}]}""");

        JsonNode limits = handedOut("limited").get("limits");

        assertThat(limits.get("maxDurationSeconds").asLong()).isEqualTo(300);
        assertThat(limits.get("maxConcurrentFaults").asInt()).isEqualTo(2);
        List<String> allowed = new ArrayList<>();
        limits.get("allowedFaults").forEach(type -> allowed.add(type.asString()));
        assertThat(allowed)
                .contains("linux-cpu-stress", "linux-memory-stress", "linux-disk-fill")
                .noneMatch(type -> type.startsWith("linux-network-"));
    }

    @Test
    void aTaskWhosePoliciesSetNoLimitCarriesNone() {
        assertThat(handedOut("unlimited").has("limits")).isFalse();
    }

    @Test
    void aStepThatPutsMoreFaultsOnOneInfrastructureThanAllowedIsRefusedAndOneWithinCarriesTheLimit() {
        policy("""
                {"name":"spread","rules":[{"name":"one-at-once","type":"maxBlastRadius","maxFaultsPerInfrastructure":1}]}""");
        Api.Response refused = admin.postRaw("/api/v1/experiments", """
                {"apiVersion":"chaos.chaosplane.io/v1alpha1","kind":"ChaosExperiment",
                 "metadata":{"name":"crowded","namespace":"default"},
                 "spec":{"target":{"infrastructure":"%s"},"duration":"30s","steps":[
                   [{"name":"a","action":{"type":"linux-cpu-stress"}},
                    {"name":"b","action":{"type":"linux-cpu-stress"}}]]}}""".formatted(agent.infraId()), "application/json");
        assertThat(refused.status()).as(refused.text()).isEqualTo(403);
        assertThat(refused.json().get("detail").asString())
                .contains("spread", "one-at-once", "step 1 runs 2 faults at once on infrastructure " + agent.infraId());

        assertThat(handedOut("one").get("limits").get("maxConcurrentFaults").asInt())
                .isEqualTo(1);
    }
}
