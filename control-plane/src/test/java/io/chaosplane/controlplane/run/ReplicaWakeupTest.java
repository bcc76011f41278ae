package io.chaosplane.controlplane.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosplane.controlplane.support.FakeAgent;
import io.chaosplane.controlplane.support.Fixtures;
import io.chaosplane.controlplane.support.IntegrationTest;
import io.chaosplane.controlplane.support.SecondReplica;
import io.chaosplane.testsupport.Api;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Two control planes on one database wake each other through LISTEN/NOTIFY: a task queued through one reaches an
 * agent waiting on the other at once, long before that replica would look at its queue by itself.
 */
@IntegrationTest
class ReplicaWakeupTest {

    @LocalServerPort
    int port;

    @Autowired
    Fixtures fixtures;

    @Test
    void aTaskQueuedThroughOneReplicaWakesAPollWaitingOnTheOther() throws Exception {
        Fixtures.Tenant tenant = fixtures.newTenant();
        Api replicaA = new Api(port);
        Api admin = replicaA.withKey(tenant.adminKey());
        FakeAgent agentOnA = FakeAgent.install(replicaA, admin, "replicated");

        try (SecondReplica replicaB = SecondReplica.start("chaosplane.dispatch.recheck-interval=60s")) {
            Api serverB = new Api(replicaB.port());
            CompletableFuture<Api.Response> waiting = CompletableFuture.supplyAsync(
                    () -> serverB.get("/chaos/lserver/api/infra/task?waitSeconds=20", agentOnA.headers()));
            Thread.sleep(500);
            long before = System.nanoTime();
            admin.postRaw(
                    "/api/v1/experiments",
                    DispatchTest.cpuExperiment("across", agentOnA.infraId(), "5s"),
                    "application/json");
            Api.Response answer = waiting.get();
            long millis = Duration.ofNanos(System.nanoTime() - before).toMillis();
            assertThat(answer.json().get("taskList")).as(answer.toString()).hasSize(1);
            assertThat(millis).as("hand-off across replicas").isLessThan(3000);
        }
    }

    @Test
    void aStoppingReplicaAnswersItsWaitingPollsInsteadOfWaitingThemOut() throws Exception {
        Fixtures.Tenant tenant = fixtures.newTenant();
        Api replicaA = new Api(port);
        FakeAgent agent = FakeAgent.install(replicaA, replicaA.withKey(tenant.adminKey()), "stopping");

        SecondReplica replicaB = SecondReplica.start("chaosplane.dispatch.recheck-interval=60s");
        Api serverB = new Api(replicaB.port());
        CompletableFuture<Api.Response> waiting = CompletableFuture.supplyAsync(
                () -> serverB.get("/chaos/lserver/api/infra/task?waitSeconds=60", agent.headers()));
        Thread.sleep(500);
        long before = System.nanoTime();
        replicaB.close();
        long millis = Duration.ofNanos(System.nanoTime() - before).toMillis();

        Api.Response answer = waiting.get();
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(answer.json().get("taskList")).isEmpty();
        assertThat(millis).as("graceful shutdown with a poll waiting").isLessThan(10_000);
    }
}
