package io.chaosplane.controlplane.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosplane.controlplane.access.TenantContext;
import io.chaosplane.controlplane.infra.AgentPrincipal;
import io.chaosplane.controlplane.infra.InfrastructureType;
import io.chaosplane.controlplane.support.FakeAgent;
import io.chaosplane.controlplane.support.Fixtures;
import io.chaosplane.controlplane.support.IntegrationTest;
import io.chaosplane.controlplane.support.StatementCounter;
import io.chaosplane.controlplane.support.StatementCounter.Recorded;
import io.chaosplane.protocol.ProtocolJson;
import io.chaosplane.protocol.linux.TaskList;
import io.chaosplane.protocol.linux.TaskResultRequest;
import io.chaosplane.protocol.linux.TaskStatus;
import io.chaosplane.protocol.linux.TaskStatusRequest;
import io.chaosplane.protocol.linux.TaskStatusResponse;
import io.chaosplane.testsupport.Api;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * What the agents' hot calls cost the database, counted statement by statement (the tenant setting each transaction
 * begins with included), so that the count cannot creep back: a result locks its run once and reads each row once; an
 * idle poll waits on its wake-ups and looks at the queue by itself once per re-check interval.
 */
@IntegrationTest
class StatementCountTest {

    private static final Logger log = LoggerFactory.getLogger(StatementCountTest.class);

    private static final String PASS = """
            {"result":{"taskStatus":"Completed","verdict":"Pass","probeSuccessPercentage":"100","probeStatuses":[]},
             "logs":"[Chaos]: done"}""";

    @LocalServerPort
    int port;

    @Autowired
    Fixtures fixtures;

    @Autowired
    AgentTasks tasks;

    @Autowired
    TenantContext tenants;

    @Autowired
    StatementCounter counter;

    @Autowired
    DispatchProperties dispatch;

    Api admin;
    Fixtures.Tenant tenant;
    FakeAgent host;
    AgentPrincipal agent;

    @BeforeEach
    void setUp() {
        Api server = new Api(port);
        tenant = fixtures.newTenant();
        admin = server.withKey(tenant.adminKey());
        host = FakeAgent.install(server, admin, "counted");
        agent = new AgentPrincipal(UUID.fromString(host.infraId()), tenant.accountId(), InfrastructureType.Linux);
    }

    @Test
    void aRunsTasksCostAFewStatementsEachFromClaimToTheRunsEnd() {
        String runId = startRun("""
                [[{"name":"first","action":{"type":"linux-cpu-stress"}},
                  {"name":"second","action":{"type":"linux-cpu-stress"}}],
                 [{"name":"last","action":{"type":"linux-cpu-stress"}}]]""");

        Recorded<TaskList> firstClaim = counted(() -> poll(Duration.ZERO));
        assertThat(firstClaim.result().tasks()).hasSize(2);
        // the tenant, the claim, and the run's start: lock and read, phase, event
        assertThat(firstClaim.count()).as(firstClaim.toString()).isLessThanOrEqualTo(5);
        String first = firstClaim.result().tasks().get(0).taskName();
        String second = firstClaim.result().tasks().get(1).taskName();

        String firstAttempt = firstClaim.result().tasks().get(0).lceUID();
        Recorded<TaskStatusResponse> status = counted(() -> tasks.status(agent, first, running(firstAttempt)));
        assertThat(status.result().abort()).isFalse();
        assertThat(status.count()).as(status.toString()).isLessThanOrEqualTo(2);

        Recorded<Void> midStep = counted(() -> result(first));
        // the tenant, the run locked and read with its faults, the fault's end (leaving the queue), its event, the
        // score
        assertThat(midStep.count()).as(midStep.toString()).isLessThanOrEqualTo(5);

        Recorded<Void> stepDone = counted(() -> result(second));
        // ... and the next step queued, and its event
        assertThat(stepDone.count()).as(stepDone.toString()).isLessThanOrEqualTo(7);

        Recorded<TaskList> nextClaim = counted(() -> poll(Duration.ZERO));
        assertThat(nextClaim.result().tasks()).hasSize(1);
        assertThat(nextClaim.count()).as(nextClaim.toString()).isLessThanOrEqualTo(2);

        Recorded<Void> runEnd =
                counted(() -> result(nextClaim.result().tasks().getFirst().taskName()));
        // ... and the run's end and its event
        assertThat(runEnd.count()).as(runEnd.toString()).isLessThanOrEqualTo(7);

        JsonNode finished = admin.get("/api/v1/runs/" + runId).json();
        assertThat(finished.get("phase").asString()).isEqualTo("Completed");
        assertThat(finished.get("faultsPassed").asInt()).isEqualTo(3);
        assertThat(finished.get("resiliencyScore").asDouble()).isEqualTo(100.0);

        Recorded<Void> repeated = counted(() -> result(first));
        assertThat(repeated.count()).as("a repeated result: " + repeated).isLessThanOrEqualTo(2);
    }

    @Test
    void anIdlePollCostsOneStatementPerRecheckIntervalAndOneToStart() {
        Duration wait = dispatch.recheckInterval().plusSeconds(2);
        Recorded<TaskList> idle = counted(() -> poll(wait));
        assertThat(idle.result().tasks()).isEmpty();
        long intervals = (wait.toMillis() + dispatch.recheckInterval().toMillis() - 1)
                / dispatch.recheckInterval().toMillis();
        // the first claim costs the tenant's setting and one statement; each safety look after it one statement
        assertThat(idle.count()).as(idle.toString()).isLessThanOrEqualTo((int) intervals + 1);
    }

    @Test
    void anAbortReachesAnAgentWaitingInALongPollAtOnce() throws Exception {
        String runId = startRun("""
                [[{"name":"long","action":{"type":"linux-cpu-stress"},"duration":"60s"}]]""");
        String taskName = poll(Duration.ZERO).tasks().getFirst().taskName();
        CompletableFuture<TaskList> waiting = CompletableFuture.supplyAsync(() -> poll(Duration.ofSeconds(20)));
        Thread.sleep(300); // the poll is waiting by now
        long before = System.nanoTime();
        assertThat(admin.post("/api/v1/runs/" + runId + "/abort", null).status())
                .isEqualTo(200);
        TaskList answer = waiting.get();
        assertThat(answer.abortedTaskNames()).containsExactly(taskName);
        assertThat(Duration.ofNanos(System.nanoTime() - before))
                .as("abort to the waiting agent, far less than the re-check interval")
                .isLessThan(dispatch.recheckInterval().dividedBy(2));
    }

    @Test
    void aPauseReachesAnAgentWaitingInALongPollAtOnce() throws Exception {
        String runId = startRun("""
                [[{"name":"paused","action":{"type":"linux-cpu-stress"},"duration":"60s"}]]""");
        String taskName = poll(Duration.ZERO).tasks().getFirst().taskName();
        CompletableFuture<TaskList> waiting = CompletableFuture.supplyAsync(() -> poll(Duration.ofSeconds(20)));
        Thread.sleep(300);
        long before = System.nanoTime();
        assertThat(admin.post("/api/v1/runs/" + runId + "/pause", null).status())
                .isEqualTo(200);
        assertThat(waiting.get().abortedTaskNames()).containsExactly(taskName);
        assertThat(Duration.ofNanos(System.nanoTime() - before))
                .isLessThan(dispatch.recheckInterval().dividedBy(2));
    }

    private String startRun(String steps) {
        Api.Response created = admin.postRaw(
                "/api/v1/experiments",
                """
                {"apiVersion":"chaos.chaosplane.io/v1alpha1","kind":"ChaosExperiment",
                 "metadata":{"name":"counted-%s"},
                 "spec":{"target":{"infrastructure":"%s"},"duration":"30s","steps":%s}}""".formatted(UUID.randomUUID().toString().substring(0, 8), host.infraId(), steps),
                "application/json");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return created.json().get("status").get("runId").asString();
    }

    private <T> Recorded<T> counted(Supplier<T> work) {
        Recorded<T> recorded = tenants.callAs(tenant.accountId(), () -> counter.record(work));
        log.info("{}", recorded);
        return recorded;
    }

    private TaskList poll(Duration wait) {
        return tenants.callAs(tenant.accountId(), () -> {
            try {
                return tasks.poll(agent, 10, wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
    }

    private Void result(String taskName) {
        tasks.result(agent, taskName, ProtocolJson.mapper().readValue(PASS, TaskResultRequest.class));
        return null;
    }

    private static TaskStatusRequest running(String lceUid) {
        return new TaskStatusRequest(TaskStatus.RUNNING, lceUid);
    }
}
