package io.chaosplane.agent.linux.stress;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosplane.agent.linux.proc.ProcessIdentity;
import io.chaosplane.agent.linux.proc.Procfs;
import io.chaosplane.agent.linux.testing.Await;
import io.chaosplane.agent.linux.testing.FaultHarness;
import io.chaosplane.agent.linux.testing.FaultHarness.Injected;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stress faults really load the host, and are really gone after revert. */
class StressFaultsTest {

    /** USER_HZ: the unit of utime and stime in /proc/PID/stat on every Linux architecture the agent runs on. */
    private static final double TICKS_PER_SECOND = 100.0;

    @Nested
    class Cpu {

        @Test
        void fullLoadKeepsACoreBusyUntilReverted() throws Exception {
            try (Injected<StressState> cpu = FaultHarness.inject(new CpuStressFault(), "Load", "100", "Workers", "1",
                    "Duration", "5s")) {
                ProcessIdentity worker = cpu.state().processes().getFirst();

                assertThat(cpuSecondsPerSecond(worker)).isGreaterThan(0.7);

                cpu.revert();
                assertThat(worker.isAlive()).isFalse();
                assertThat(Procfs.withArgument(Stressors.MARKER + cpu.context().faultId())).isEmpty();
            }
        }

        @Test
        void aPartialLoadBurnsItsShareOfEachPeriod() throws Exception {
            try (Injected<StressState> cpu = FaultHarness.inject(new CpuStressFault(), "Load", "30", "Workers", "1",
                    "Duration", "5s")) {
                assertThat(cpuSecondsPerSecond(cpu.state().processes().getFirst())).isBetween(0.15, 0.5);
            }
        }

        @Test
        void aStressorLeftBehindStopsByItselfAtTheDeadline() throws Exception {
            Injected<StressState> cpu = FaultHarness.inject(new CpuStressFault(), Duration.ZERO, "Load", "10",
                    "Duration", "1s");
            ProcessIdentity worker = cpu.state().processes().getFirst();

            Await.until(() -> !worker.isAlive(), Duration.ofSeconds(4), "the stressor exits at its deadline");
        }
    }

    @Test
    void memoryStressHoldsTheMemoryResidentUntilReverted() throws Exception {
        try (Injected<StressState> memory = FaultHarness.inject(new MemoryStressFault(), "Memory", "96Mi",
                "Duration", "5s")) {
            ProcessIdentity holder = memory.state().processes().getFirst();

            assertThat(Procfs.residentBytes(holder.pid())).isGreaterThan(96L << 20);

            memory.revert();
            assertThat(holder.isAlive()).isFalse();
        }
    }

    @Test
    void memoryStressSplitsTheMemoryBetweenWorkers() throws Exception {
        try (Injected<StressState> memory = FaultHarness.inject(new MemoryStressFault(), "Memory", "64Mi",
                "Workers", "2", "Duration", "5s")) {
            assertThat(memory.state().processes()).hasSize(2)
                    .allSatisfy(p -> assertThat(Procfs.residentBytes(p.pid())).isGreaterThan(32L << 20));
        }
    }

    @Test
    void ioStressWritesSyncsAndReadsFilesThenLeavesNothingBehind(@TempDir Path dir) throws Exception {
        try (Injected<StressState> io = FaultHarness.inject(new IoStressFault(), "Path", dir.toString(),
                "Workers", "2", "Size", "4Mi", "Duration", "5s")) {
            ProcessIdentity writer = io.state().processes().getFirst();
            Path workDirectory = Path.of(io.state().workDirectory());

            long before = ioCounter(writer, "wchar:");
            Thread.sleep(500);
            assertThat(ioCounter(writer, "wchar:") - before).isGreaterThan(8L << 20);
            assertThat(ioCounter(writer, "rchar:")).isGreaterThan(4L << 20);
            assertThat(list(workDirectory)).containsExactlyInAnyOrder("worker-0.dat", "worker-1.dat");

            io.revert();
            assertThat(writer.isAlive()).isFalse();
            assertThat(workDirectory).doesNotExist();
            assertThat(list(dir)).isEmpty();
        }
    }

    /** CPU seconds the process uses in one second of wall time. */
    private static double cpuSecondsPerSecond(ProcessIdentity process) throws InterruptedException {
        Thread.sleep(300);
        long before = Procfs.cpuTicks(process.pid());
        long start = System.nanoTime();
        Thread.sleep(1000);
        long used = Procfs.cpuTicks(process.pid()) - before;
        return used / TICKS_PER_SECOND / ((System.nanoTime() - start) / 1e9);
    }

    private static long ioCounter(ProcessIdentity process, String counter) throws IOException {
        return Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "io")).stream()
                .filter(line -> line.startsWith(counter))
                .mapToLong(line -> Long.parseLong(line.substring(counter.length()).strip())).findFirst().orElseThrow();
    }

    private static List<String> list(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(file -> file.getFileName().toString()).toList();
        }
    }
}
