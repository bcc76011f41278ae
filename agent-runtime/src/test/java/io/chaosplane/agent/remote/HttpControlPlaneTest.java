package io.chaosplane.agent.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chaosplane.agent.config.Secret;
import io.chaosplane.agent.testing.FakeControlPlane;
import io.chaosplane.agent.testing.FakeControlPlaneServer;
import io.chaosplane.agent.testing.FakeLogService;
import io.chaosplane.agent.testing.TestTasks;
import io.chaosplane.protocol.linux.ConfirmRequest;
import io.chaosplane.protocol.linux.ConfirmResponse;
import io.chaosplane.protocol.linux.TaskList;
import io.chaosplane.protocol.linux.TaskLogsRequest;
import io.chaosplane.protocol.linux.TaskResult;
import io.chaosplane.protocol.linux.TaskResultRequest;
import io.chaosplane.protocol.linux.TaskStatus;
import io.chaosplane.protocol.linux.TaskStatusRequest;
import io.chaosplane.protocol.linux.Verdict;
import io.chaosplane.protocol.logs.LogLine;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class HttpControlPlaneTest {

    private final FakeControlPlane fake = new FakeControlPlane();
    private final FakeLogService logs = new FakeLogService();
    private final FakeControlPlaneServer server;
    private final HttpControlPlane controlPlane;

    HttpControlPlaneTest() throws IOException {
        server = new FakeControlPlaneServer(fake, logs);
        controlPlane = new HttpControlPlane(
                server.url(),
                Duration.ofSeconds(5),
                () -> new AgentIdentity("infra-1", new Secret(FakeControlPlane.ACCESS_KEY)),
                "test-agent");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Nested
    class Confirm {

        @Test
        void sendsTheInstallTokenAndReadsTheNewAccessKey() {
            ConfirmResponse answer = controlPlane.confirm(
                    new ConfirmRequest("host-1", "0.1.0"), "infra-1", new Secret(FakeControlPlane.INSTALL_TOKEN));

            assertThat(answer.infraID()).isEqualTo("infra-1");
            assertThat(answer.newAccessKey()).isEqualTo(FakeControlPlane.ACCESS_KEY);
            assertThat(server.requests()).containsExactly("POST /confirm");
        }

        @Test
        void aRefusedTokenIsUnauthorizedNotUnavailable() {
            assertThatThrownBy(() -> controlPlane.confirm(new ConfirmRequest("h", "v"), "infra-1", new Secret("wrong")))
                    .isInstanceOfSatisfying(RemoteException.class, e -> {
                        assertThat(e.kind()).isEqualTo(RemoteException.Kind.UNAUTHORIZED);
                        assertThat(e.status()).isEqualTo(401);
                    });
        }
    }

    @Nested
    class TaskPoll {

        @Test
        void waitsForATaskThatArrivesDuringTheLongPoll() {
            Thread.ofVirtual().start(() -> {
                sleep(300);
                fake.enqueue(TestTasks.cpuStress("task-1", "2s"));
            });

            long started = System.nanoTime();
            TaskList answer = controlPlane.poll(Duration.ofSeconds(5), 2);

            assertThat(answer.tasks()).extracting("taskName").containsExactly("task-1");
            assertThat(Duration.ofNanos(System.nanoTime() - started))
                    .isBetween(Duration.ofMillis(250), Duration.ofSeconds(4));
            assertThat(fake.pollLimits()).containsExactly(2);
        }

        @Test
        void answersEmptyWhenTheWaitEnds() {
            assertThat(controlPlane.poll(Duration.ofSeconds(1), 1).tasks()).isEmpty();
        }

        @Test
        void carriesAbortNews() {
            fake.enqueue(TestTasks.cpuStress("task-1", "2s"));
            controlPlane.poll(Duration.ofSeconds(1), 1);
            fake.abort("task-1");

            assertThat(controlPlane.poll(Duration.ofSeconds(1), 1).abortedTaskNames())
                    .containsExactly("task-1");
        }
    }

    @Test
    void statusAnswersCarryAbort() {
        assertThat(controlPlane
                        .status("task/1", new TaskStatusRequest(TaskStatus.RUNNING, "lce"))
                        .abortRequested())
                .isFalse();
        fake.abort("task/1");
        assertThat(controlPlane
                        .status("task/1", new TaskStatusRequest(TaskStatus.RUNNING, "lce"))
                        .abortRequested())
                .isTrue();
        assertThat(fake.statuses()).containsExactly("task/1:RUNNING", "task/1:RUNNING");
    }

    @Test
    void deliversLivenessLogsAndResults() {
        controlPlane.liveness();
        controlPlane.logs(new TaskLogsRequest(
                "stream-1",
                "acc",
                List.of(new LogLine(
                        LogLine.INFO, 0, "[Chaos]: Injecting", Instant.parse("2025-05-01T16:06:55Z"), null))));
        controlPlane.result(
                "task-1",
                new TaskResultRequest(
                        new TaskResult(TaskStatus.COMPLETED, Verdict.PASS, null, "100", List.of()), "merged"));

        assertThat(fake.livenessBeats()).isEqualTo(1);
        assertThat(fake.logLines("stream-1")).extracting(LogLine::out).containsExactly("[Chaos]: Injecting");
        assertThat(fake.results().get("task-1").result().verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void aWrongAccessKeyIsUnauthorized() {
        HttpControlPlane stranger = new HttpControlPlane(
                server.url(),
                Duration.ofSeconds(5),
                () -> new AgentIdentity("infra-1", new Secret("stolen")),
                "test-agent");

        assertThatThrownBy(stranger::liveness)
                .isInstanceOfSatisfying(
                        RemoteException.class, e -> assertThat(e.kind()).isEqualTo(RemoteException.Kind.UNAUTHORIZED));
    }

    @Test
    void anUnreachableControlPlaneIsUnavailable() {
        fake.down(true);
        assertThatThrownBy(controlPlane::liveness)
                .isInstanceOfSatisfying(
                        RemoteException.class, e -> assertThat(e.status()).isEqualTo(503));
        server.close();
        assertThatThrownBy(controlPlane::liveness).isInstanceOfSatisfying(RemoteException.class, e -> {
            assertThat(e.isUnavailable()).isTrue();
            assertThat(e.status()).isZero();
        });
    }

    @Test
    void theLogServiceIsOpenedStreamedAndClosedWithTheTasksToken() {
        HttpLogService logService = new HttpLogService(Duration.ofSeconds(5), "test-agent");
        LogStream stream = new LogStream(server.logServiceUrl(), "acc 1", "stream-1", new Secret("log-token"));

        logService.open(stream);
        logService.append(
                stream,
                List.of(new LogLine(
                        LogLine.INFO,
                        1,
                        "[Start]: pod-delete FAULT START",
                        Instant.parse("2025-05-01T17:27:56Z"),
                        null)));
        logService.close(stream);

        assertThat(server.requests())
                .containsExactly("POST /log-service", "PUT /log-service/stream", "DELETE /log-service");
        assertThat(logs.calls()).extracting(FakeLogService.Call::verb).containsExactly("open", "append", "close");
        assertThat(logs.calls()).allSatisfy(call -> {
            assertThat(call.accountID()).isEqualTo("acc 1");
            assertThat(call.key()).isEqualTo("stream-1");
            assertThat(call.token()).isEqualTo("log-token");
        });
        assertThat(logs.calls().get(1).lines()).extracting(LogLine::pos).containsExactly(1L);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
