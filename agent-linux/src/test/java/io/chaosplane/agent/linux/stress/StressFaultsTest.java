package io.chaosplane.agent.linux.stress;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosplane.agent.linux.proc.ProcessIdentity;
import io.chaosplane.agent.linux.proc.Procfs;
import io.chaosplane.agent.linux.testing.Await;
import io.chaosplane.agent.linux.testing.FaultHarness;
import io.chaosplane.agent.linux.testing.FaultHarness.Injected;
import io.chaosplane.agent.process.ProcessRunner;
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
// a try-with-resources block holds an injected fault only to revert it whatever the assertions do
@SuppressWarnings("try")
class StressFaultsTest {

    /** USER_HZ: the unit of utime and stime in /proc/PID/stat on every Linux architecture the agent runs on. */
    private static final double TICKS_PER_SECOND = 100.0;

    @Nested
    class Cpu {

        @Test
        void fullLoadKeepsACoreBusyUntilReverted() throws Exception {
            try (Injected<StressState> cpu =
                    FaultHarness.inject(new CpuStressFault(), "Load", "100", "Workers", "1", "Duration", "5s")) {
                ProcessIdentity worker = cpu.state().processes().getFirst();

                Usage usage = usage(worker);
                assertThat(usage.runnable())
                        .as("share of the time the worker wants a CPU")
                        .isGreaterThan(0.85);
                assertThat(usage.cpu()).as("CPU seconds per second").isGreaterThan(0.15);

                cpu.revert();
                assertThat(worker.isAlive()).isFalse();
                assertThat(Procfs.withArgument(Stressors.MARKER + cpu.context().faultId()))
                        .isEmpty();
            }
        }

        @Test
        void aPartialLoadBurnsItsShareOfEachPeriod() throws Exception {
            try (Injected<StressState> cpu =
                    FaultHarness.inject(new CpuStressFault(), "Load", "30", "Workers", "1", "Duration", "5s")) {
                Usage usage = usage(cpu.state().processes().getFirst());
                assertThat(usage.runnable())
                        .as("share of the time the worker wants a CPU")
                        .isBetween(0.2, 0.6);
                assertThat(usage.cpu()).as("CPU seconds per second").isBetween(0.02, 0.6);
            }
        }

        @Test
        void aStressorLeftBehindStopsByItselfAtTheDeadline() throws Exception {
            Injected<StressState> cpu =
                    FaultHarness.inject(new CpuStressFault(), Duration.ZERO, "Load", "10", "Duration", "1s");
            ProcessIdentity worker = cpu.state().processes().getFirst();

            Await.until(() -> !worker.isAlive(), Duration.ofSeconds(4), "the stressor exits at its deadline");
        }
    }

    @Test
    void memoryStressHoldsTheMemoryResidentUntilReverted() throws Exception {
        try (Injected<StressState> memory =
                FaultHarness.inject(new MemoryStressFault(), "Memory", "96Mi", "Duration", "5s")) {
            ProcessIdentity holder = memory.state().processes().getFirst();

            assertThat(Procfs.residentBytes(holder.pid())).isGreaterThan(96L << 20);

            memory.revert();
            assertThat(holder.isAlive()).isFalse();
        }
    }

    @Test
    void memoryStressSplitsTheMemoryBetweenWorkers() throws Exception {
        try (Injected<StressState> memory =
                FaultHarness.inject(new MemoryStressFault(), "Memory", "64Mi", "Workers", "2", "Duration", "5s")) {
            assertThat(memory.state().processes())
                    .hasSize(2)
                    .allSatisfy(p -> assertThat(Procfs.residentBytes(p.pid())).isGreaterThan(32L << 20));
        }
    }

    @Test
    void ioStressWritesSyncsAndReadsFilesThenLeavesNothingBehind(@TempDir Path dir) throws Exception {
        try (Injected<StressState> io = FaultHarness.inject(
                new IoStressFault(), "Path", dir.toString(), "Workers", "2", "Size", "4Mi", "Duration", "5s")) {
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

    @Test
    void ioStressWithAFilesystemUtilizationHoldsThatShareOfTheFreeSpace(@TempDir Path dir) throws Exception {
        Path small = Files.createDirectory(dir.resolve("small"));
        ProcessRunner.Result mount = ProcessRunner.run(
                List.of("mount", "-t", "tmpfs", "-o", "size=64m", "cp-test-io", small.toString()),
                Duration.ofSeconds(10));
        assertThat(mount.succeeded())
                .as("mounting a tmpfs (needs root): " + mount.stderr())
                .isTrue();
        try {
            long free = Files.getFileStore(small).getUsableSpace();
            try (Injected<StressState> io = FaultHarness.inject(
                    new IoStressFault(),
                    "Path",
                    small.toString(),
                    "Workers",
                    "2",
                    "FilesystemUtilizationPercentage",
                    "50",
                    "Duration",
                    "5s")) {
                Path workDirectory = Path.of(io.state().workDirectory());
                long each = free / 2 / 2;
                Await.until(
                        () -> size(workDirectory.resolve("worker-0.dat")) == each
                                && size(workDirectory.resolve("worker-1.dat")) == each,
                        Duration.ofSeconds(10),
                        "both workers' files at a quarter of the free space");
                assertThat(Files.getFileStore(small).getUsableSpace()).isBetween(free / 2 - (1 << 20), free / 2);
            }
            assertThat(list(small)).isEmpty();
        } finally {
            ProcessRunner.run(List.of("umount", small.toString()), Duration.ofSeconds(10));
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    /**
     * Per second of wall time: CPU seconds the process used (utime + stime of {@code /proc/PID/stat}), and the share
     * of time its threads were running or waiting to run ({@code /proc/PID/task/TID/schedstat}). The latter shows the
     * duty cycle even on a machine so busy that the worker gets less CPU than it asks for.
     */
    private record Usage(double cpu, double runnable) {}

    private static Usage usage(ProcessIdentity process) throws InterruptedException, IOException {
        Thread.sleep(300);
        long ticksBefore = Procfs.cpuTicks(process.pid());
        long runnableBefore = runnableNanos(process);
        long start = System.nanoTime();
        Thread.sleep(1000);
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Usage(
                (Procfs.cpuTicks(process.pid()) - ticksBefore) / TICKS_PER_SECOND / seconds,
                (runnableNanos(process) - runnableBefore) / 1e9 / seconds);
    }

    /** Running plus run-queue time of all the process's threads, in nanoseconds. */
    private static long runnableNanos(ProcessIdentity process) throws IOException {
        long total = 0;
        try (Stream<Path> threads = Files.list(Path.of("/proc", Long.toString(process.pid()), "task"))) {
            for (Path thread : threads.toList()) {
                try {
                    String[] fields = Files.readString(thread.resolve("schedstat"))
                            .strip()
                            .split(" ");
                    total += Long.parseLong(fields[0]) + Long.parseLong(fields[1]);
                } catch (IOException e) {
                    // the thread ended meanwhile
                }
            }
        }
        return total;
    }

    private static long ioCounter(ProcessIdentity process, String counter) throws IOException {
        return Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "io")).stream()
                .filter(line -> line.startsWith(counter))
                .mapToLong(
                        line -> Long.parseLong(line.substring(counter.length()).strip()))
                .findFirst()
                .orElseThrow();
    }

    private static List<String> list(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(file -> file.getFileName().toString()).toList();
        }
    }
}
