package io.chaosplane.agent.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosplane.agent.config.Secret;
import io.chaosplane.agent.remote.LogStream;
import io.chaosplane.agent.remote.RemoteException;
import io.chaosplane.agent.testing.FakeControlPlane;
import io.chaosplane.agent.testing.FakeLogService;
import io.chaosplane.protocol.linux.TaskLogsRequest;
import io.chaosplane.protocol.linux.TaskResult;
import io.chaosplane.protocol.linux.TaskResultRequest;
import io.chaosplane.protocol.linux.TaskStatus;
import io.chaosplane.protocol.linux.Verdict;
import io.chaosplane.protocol.logs.LogLine;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutboxTest {

    private static final LogStream STREAM =
            new LogStream(URI.create("http://logs/log-service"), "acc", "stream-1", new Secret("log-token"));

    @TempDir
    Path dir;

    private final FakeControlPlane controlPlane = new FakeControlPlane();
    private final FakeLogService logService = new FakeLogService();

    @Test
    void keepsEntriesWhileThePeerIsAwayAndDeliversThemOldestFirstWhenItIsBack() {
        Outbox outbox = new Outbox(dir, controlPlane, logService, 100);
        controlPlane.down(true);
        outbox.add(logs(0, 1));
        outbox.add(logs(2, 3));
        outbox.add(result("task-1"));

        assertThat(outbox.deliver()).isZero();
        assertThat(outbox.pending()).isEqualTo(3);

        controlPlane.down(false);
        assertThat(outbox.deliver()).isEqualTo(3);

        assertThat(controlPlane.logLines("stream-1")).extracting(LogLine::pos).containsExactly(0L, 1L, 2L, 3L);
        assertThat(controlPlane.results()).containsKey("task-1");
        assertThat(outbox.pending()).isZero();
        assertThat(outbox.deliver()).isZero();
        assertThat(controlPlane.resultDeliveries()).isEqualTo(1);
    }

    @Test
    void survivesARestartOfTheAgent() {
        controlPlane.down(true);
        Outbox before = new Outbox(dir, controlPlane, logService, 100);
        before.add(result("task-1"));
        before.add(result("task-2"));

        controlPlane.down(false);
        Outbox after = new Outbox(dir, controlPlane, logService, 100);
        after.add(result("task-3"));
        after.deliver();

        assertThat(controlPlane.results()).containsOnlyKeys("task-1", "task-2", "task-3");
    }

    @Test
    void aLaneThatWaitsDoesNotHoldUpTheOther() {
        Outbox outbox = new Outbox(dir, controlPlane, logService, 100);
        logService.down(true);
        outbox.add(new OutboxEntry.StreamOpen(STREAM));
        outbox.add(result("task-1"));

        assertThat(outbox.deliver()).isEqualTo(1);
        assertThat(controlPlane.results()).containsKey("task-1");

        logService.down(false);
        outbox.add(new OutboxEntry.StreamLines(STREAM, List.of(line(0))));
        outbox.add(new OutboxEntry.StreamClose(STREAM));
        outbox.deliver();
        assertThat(logService.calls()).extracting(FakeLogService.Call::verb).containsExactly("open", "append", "close");
        assertThat(logService.calls())
                .allSatisfy(call -> assertThat(call.token()).isEqualTo("log-token"));
    }

    @Test
    void anEntryRefusedForGoodIsDroppedSoThatTheLaneMovesOn() {
        Outbox outbox = new Outbox(
                dir,
                new FakeControlPlane() {
                    @Override
                    public void result(String taskName, TaskResultRequest request) {
                        if (taskName.equals("unknown-task")) {
                            throw RemoteException.ofStatus(404, "no such task");
                        }
                        controlPlane.result(taskName, request);
                    }
                },
                logService,
                100);
        outbox.add(result("unknown-task"));
        outbox.add(result("task-1"));

        assertThat(outbox.deliver()).isEqualTo(2);
        assertThat(controlPlane.results()).containsOnlyKeys("task-1");
    }

    @Test
    void logLinesWhoseTokenExpiredAreDroppedButAResultWaitsForAnAccessKeyThatWorks() {
        FakeControlPlane unauthorized = new FakeControlPlane() {
            @Override
            public void result(String taskName, TaskResultRequest request) {
                throw RemoteException.ofStatus(401, "access key refused");
            }
        };
        FakeLogService expired = new FakeLogService() {
            @Override
            public void append(LogStream stream, List<LogLine> lines) {
                throw RemoteException.ofStatus(401, "log token expired");
            }
        };
        Outbox outbox = new Outbox(dir, unauthorized, expired, 100);
        outbox.add(result("task-1"));
        outbox.add(new OutboxEntry.StreamLines(STREAM, List.of(line(0))));
        outbox.add(new OutboxEntry.StreamClose(STREAM));

        outbox.deliver();

        assertThat(outbox.pending()).isEqualTo(1);
        assertThat(expired.calls()).extracting(FakeLogService.Call::verb).containsExactly("close");
    }

    @Test
    void theLogServiceAnswerDecidesWhetherAnEntryWaitsOrIsDropped() {
        OutboxEntry.Lane logService = OutboxEntry.Lane.LOG_SERVICE;
        OutboxEntry.Lane controlPlaneLane = OutboxEntry.Lane.CONTROL_PLANE;
        String closedBody = "{\"error\":\"log stream 'k' is closed\",\"code\":409,\"stream\":\"closed\"}";
        // answer -> what the log-service lane does
        assertThat(Outbox.decide(logService, RemoteException.unavailable("connection refused", null)))
                .isEqualTo(Outbox.Decision.WAIT);
        assertThat(Outbox.decide(logService, RemoteException.ofAnswer(503, "{}", "busy")))
                .isEqualTo(Outbox.Decision.WAIT);
        assertThat(Outbox.decide(logService, RemoteException.ofAnswer(500, "", "failed")))
                .isEqualTo(Outbox.Decision.WAIT);
        assertThat(Outbox.decide(logService, RemoteException.ofAnswer(429, "", "slow down")))
                .isEqualTo(Outbox.Decision.WAIT);
        assertThat(Outbox.decide(logService, RemoteException.ofAnswer(409, closedBody, "closed")))
                .isEqualTo(Outbox.Decision.DROP_STREAM);
        assertThat(Outbox.decide(logService, RemoteException.ofAnswer(409, "{\"code\":409}", "conflict")))
                .isEqualTo(Outbox.Decision.DROP);
        assertThat(Outbox.decide(logService, RemoteException.ofAnswer(413, "{}", "too large")))
                .isEqualTo(Outbox.Decision.DROP);
        assertThat(Outbox.decide(logService, RemoteException.ofAnswer(401, "{}", "token expired")))
                .isEqualTo(Outbox.Decision.DROP);
        // the control plane's lane waits for an access key that works
        assertThat(Outbox.decide(controlPlaneLane, RemoteException.ofAnswer(401, "{}", "key refused")))
                .isEqualTo(Outbox.Decision.WAIT);
        assertThat(Outbox.decide(controlPlaneLane, RemoteException.ofAnswer(503, "{}", "down")))
                .isEqualTo(Outbox.Decision.WAIT);
    }

    @Test
    void linesTheLogServiceCannotTakeNowAreKeptUntilItCan() {
        FakeLogService failing = new FakeLogService() {
            private int calls;

            @Override
            public void append(LogStream stream, List<LogLine> lines) {
                if (calls++ < 2) {
                    throw RemoteException.ofAnswer(503, "{\"code\":503}", "log service busy");
                }
                super.append(stream, lines);
            }
        };
        Outbox outbox = new Outbox(dir, controlPlane, failing, 100);
        outbox.add(new OutboxEntry.StreamLines(STREAM, List.of(line(0))));
        outbox.add(new OutboxEntry.StreamLines(STREAM, List.of(line(1))));

        assertThat(outbox.deliver()).isZero();
        assertThat(outbox.deliver()).isZero();
        assertThat(outbox.pending()).isEqualTo(2);
        assertThat(outbox.deliver()).isEqualTo(2);

        assertThat(failing.calls())
                .flatExtracting(FakeLogService.Call::lines)
                .extracting(LogLine::pos)
                .containsExactly(0L, 1L);
    }

    @Test
    void aClosedStreamDropsItsOwnEntriesAndOnlyThose() {
        LogStream other = new LogStream(URI.create("http://logs/log-service"), "acc", "stream-2", new Secret("t2"));
        FakeLogService closing = new FakeLogService() {
            @Override
            public void append(LogStream stream, List<LogLine> lines) {
                if (stream.key().equals("stream-1")) {
                    throw RemoteException.ofAnswer(
                            409, "{\"code\":409,\"stream\":\"closed\"}", "stream of stream-1 answered 409");
                }
                super.append(stream, lines);
            }

            @Override
            public void close(LogStream stream) {
                if (stream.key().equals("stream-1")) {
                    throw new AssertionError("nothing more is sent for a closed stream");
                }
                super.close(stream);
            }
        };
        Outbox outbox = new Outbox(dir, controlPlane, closing, 100);
        outbox.add(new OutboxEntry.StreamLines(STREAM, List.of(line(0))));
        outbox.add(new OutboxEntry.StreamLines(other, List.of(line(0))));
        outbox.add(new OutboxEntry.StreamLines(STREAM, List.of(line(1))));
        outbox.add(new OutboxEntry.StreamClose(STREAM));
        outbox.add(new OutboxEntry.StreamClose(other));

        assertThat(outbox.deliver()).isEqualTo(5);

        assertThat(outbox.pending()).isZero();
        assertThat(closing.calls())
                .extracting(call -> call.verb() + " " + call.key())
                .containsExactly("append stream-2", "close stream-2");
    }

    @Test
    void whenFullItDropsTheOldestLogLinesButNeverAResult() {
        // results have a lane of their own: two log entries fill the log lane
        Outbox outbox = new Outbox(dir, controlPlane, logService, 2);
        controlPlane.down(true);
        outbox.add(result("task-1"));
        outbox.add(logs(0, 1));
        outbox.add(logs(2, 3));
        outbox.add(logs(4, 5));

        controlPlane.down(false);
        outbox.deliver();

        assertThat(controlPlane.results()).containsKey("task-1");
        assertThat(controlPlane.logLines("stream-1")).extracting(LogLine::pos).containsExactly(2L, 3L, 4L, 5L);
    }

    @Test
    void entriesAreReadableByTheAgentOnly() throws IOException {
        Outbox outbox = new Outbox(dir, controlPlane, logService, 100);
        controlPlane.down(true);
        outbox.add(result("task-1"));

        try (Stream<Path> files = Files.walk(dir)) {
            assertThat(files.filter(Files::isRegularFile).toList())
                    .singleElement()
                    .satisfies(file -> assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                            .isEqualTo("rw-------"));
        }
    }

    private static OutboxEntry logs(long... positions) {
        return new OutboxEntry.Logs(new TaskLogsRequest(
                "stream-1",
                "acc",
                java.util.Arrays.stream(positions).mapToObj(OutboxTest::line).toList()));
    }

    private static LogLine line(long pos) {
        return new LogLine(LogLine.INFO, pos, "line " + pos, Instant.parse("2025-05-01T16:06:55Z"), null);
    }

    private static OutboxEntry result(String taskName) {
        return new OutboxEntry.Result(
                taskName,
                new TaskResultRequest(
                        new TaskResult(TaskStatus.COMPLETED, Verdict.PASS, null, "100", List.of()), "logs"));
    }
}
