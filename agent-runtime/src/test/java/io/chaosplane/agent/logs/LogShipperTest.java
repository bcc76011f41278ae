package io.chaosplane.agent.logs;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosplane.agent.outbox.Outbox;
import io.chaosplane.agent.testing.FakeControlPlane;
import io.chaosplane.agent.testing.FakeLogService;
import io.chaosplane.agent.testing.MutableClock;
import io.chaosplane.agent.testing.TestTasks;
import io.chaosplane.protocol.linux.Task;
import io.chaosplane.protocol.logs.LogLine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogShipperTest {

    @TempDir
    Path dir;

    private final FakeControlPlane controlPlane = new FakeControlPlane();
    private final FakeLogService logService = new FakeLogService();

    @Test
    void shipsLinesInPosOrderToTheControlPlaneAndTheLogService() {
        Outbox outbox = new Outbox(dir, controlPlane, logService, 1000);
        LogShipper shipper = new LogShipper(outbox, new MutableClock(), 3, dir.resolve("paused"));
        Task task = TestTasks.withLogService(TestTasks.cpuStress("t1", "1s"), "http://logs/log-service", "tok");

        TaskLog log = shipper.open(task);
        IntStream.range(0, 7).forEach(i -> log.info("line " + i, i == 0 ? Map.of("CPU", "1") : null));
        shipper.close(log);
        outbox.deliver();

        assertThat(controlPlane.logLines("stream-t1"))
                .extracting(LogLine::pos)
                .containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(controlPlane.logLines("stream-t1").getFirst().args()).containsEntry("CPU", "1");
        assertThat(logService.calls())
                .extracting(FakeLogService.Call::verb)
                .containsExactly("open", "append", "append", "append", "close");
        assertThat(logService.calls()).extracting(call -> call.lines().size()).containsExactly(0, 3, 3, 1, 0);
    }

    @Test
    void aTaskWithoutALogServiceShipsToTheControlPlaneOnly() {
        Outbox outbox = new Outbox(dir, controlPlane, logService, 1000);
        LogShipper shipper = new LogShipper(outbox, new MutableClock(), 100, dir.resolve("paused"));

        TaskLog log = shipper.open(TestTasks.cpuStress("t1", "1s"));
        log.info("one");
        shipper.flush();
        log.info("two");
        shipper.close(log);
        outbox.deliver();

        assertThat(controlPlane.logLines("stream-t1")).extracting(LogLine::out).containsExactly("one", "two");
        assertThat(logService.calls()).isEmpty();
    }

    @Test
    void aDiskThatCannotTakeTheLinesLosesThemButNotTheTask() throws Exception {
        Outbox outbox = new Outbox(dir, controlPlane, logService, 1000);
        LogShipper shipper = new LogShipper(outbox, new MutableClock(), 2, dir.resolve("paused"));
        Files.delete(dir.resolve("control-plane"));
        Files.writeString(dir.resolve("control-plane"), "not a directory: writes there fail like on a full disk");

        TaskLog log = shipper.open(TestTasks.cpuStress("t1", "1s"));
        log.info("one");
        log.info("two");
        log.info("three");
        shipper.close(log);

        assertThat(log.text()).contains("one", "two", "three");
    }

    @Test
    void theMergedTextIsBoundedAndSaysWhatItLeftOut() {
        LogShipper shipper = new LogShipper(
                new Outbox(dir, controlPlane, logService, 1000), new MutableClock(), 100_000, dir.resolve("paused"));
        TaskLog log = shipper.open(TestTasks.cpuStress("t1", "1s"));
        String longLine = "x".repeat(1000);

        for (int i = 0; i < 1000; i++) {
            log.info(longLine);
        }

        assertThat(log.text().length()).isLessThanOrEqualTo(TaskLog.MAX_TEXT_CHARS + 100);
        assertThat(log.text()).startsWith("[... ").contains("earlier lines left out");
        assertThat(List.of(log.text().split("\n")).getLast()).contains("level=info", longLine);
    }
}
