package io.chaosplane.agent.linux;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosplane.agent.linux.proc.ProcessIdentity;
import io.chaosplane.agent.linux.proc.Procfs;
import io.chaosplane.agent.linux.testing.Await;
import io.chaosplane.agent.testing.FakeControlPlane;
import io.chaosplane.agent.testing.FakeControlPlaneServer;
import io.chaosplane.agent.testing.FakeLogService;
import io.chaosplane.agent.testing.TestTasks;
import io.chaosplane.protocol.linux.Verdict;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Measures the packaged agent with the systemd unit's JVM flags and prints the figures (it asserts behaviour, not
 * speed): time to its start line and to its first liveness beat, against a JVM that only prints a line, started the
 * same way in the same run; resident memory idle and while it runs a CPU fault.
 */
class AgentFootprintIT {

    /** As in deploy/systemd/chaosplane-agent-linux.service, less the class-data archive (its file is per host). */
    private static final List<String> UNIT_JVM =
            List.of("-XX:+UseSerialGC", "-Xss512k", "-XX:TieredStopAtLevel=1", "-Xms16m", "-Xmx64m");

    private static final int RUNS = 3;

    @TempDir
    Path dir;

    @Test
    void printsStartUpTimeAndResidentMemory() throws Exception {
        List<Long> baseline = new ArrayList<>();
        List<Long> startLine = new ArrayList<>();
        List<Long> firstBeat = new ArrayList<>();
        for (int run = 0; run < RUNS; run++) {
            baseline.add(millisToFirstLine(List.of("-version")));
            FakeControlPlane controlPlane = new FakeControlPlane();
            try (FakeControlPlaneServer server = new FakeControlPlaneServer(controlPlane, new FakeLogService())) {
                long started = System.nanoTime();
                Process agent = start(server, dir.resolve("state-" + run));
                try {
                    firstLine(agent);
                    startLine.add((System.nanoTime() - started) / 1_000_000);
                    Await.until(() -> controlPlane.livenessBeats() > 0, Duration.ofSeconds(10), "first liveness");
                    firstBeat.add((System.nanoTime() - started) / 1_000_000);
                    if (run == RUNS - 1) {
                        measureMemory(agent, controlPlane);
                    }
                } finally {
                    agent.destroy();
                    agent.waitFor();
                }
            }
        }
        System.out.printf("%nagent start-up, median of %d runs, JVM flags %s%n", RUNS, UNIT_JVM);
        System.out.printf("  JVM printing its version (baseline)  %5d ms%n", median(baseline));
        System.out.printf(
                "  agent start line                     %5d ms  (%.1fx baseline)%n",
                median(startLine), (double) median(startLine) / median(baseline));
        System.out.printf(
                "  agent confirmed and first liveness   %5d ms  (%.1fx baseline)%n",
                median(firstBeat), (double) median(firstBeat) / median(baseline));
    }

    private void measureMemory(Process agent, FakeControlPlane controlPlane) throws Exception {
        Thread.sleep(3000);
        long idle = Procfs.residentBytes(agent.pid());
        controlPlane.enqueue(TestTasks.task(
                "cpu", "linux-cpu-stress", TestTasks.inputs("Load", "100", "Workers", "1", "Duration", "4s")));
        Await.until(() -> stressor(agent).isPresent(), Duration.ofSeconds(10), "stressor running");
        Thread.sleep(2000);
        long busy = Procfs.residentBytes(agent.pid());
        long stressorRss = Procfs.residentBytes(stressor(agent).orElseThrow().pid());
        assertThat(controlPlane
                        .awaitResult("cpu", Duration.ofSeconds(15))
                        .result()
                        .verdict())
                .isEqualTo(Verdict.PASS);
        System.out.printf("%nagent resident memory (VmRSS)%n");
        System.out.printf("  idle, 3 s after start                %5d MiB%n", idle >> 20);
        System.out.printf("  running a CPU fault (agent)          %5d MiB%n", busy >> 20);
        System.out.printf("  the fault's stressor process         %5d MiB%n", stressorRss >> 20);
    }

    private static Optional<ProcessIdentity> stressor(Process agent) {
        return agent.descendants()
                .filter(child -> child.info()
                        .arguments()
                        .map(List::of)
                        .map(args -> args.contains("cpu"))
                        .orElse(false))
                .findFirst()
                .flatMap(child -> ProcessIdentity.of(child.pid()));
    }

    private Process start(FakeControlPlaneServer server, Path state) throws IOException {
        List<String> command = new ArrayList<>(List.of(java()));
        command.addAll(UNIT_JVM);
        command.addAll(List.of(
                "-jar",
                System.getProperty("agent.jar"),
                "--server.url=" + server.url(),
                "--infra.id=infra-1",
                "--install.token=" + FakeControlPlane.INSTALL_TOKEN,
                "--state.dir=" + state,
                "--liveness.interval=1s",
                "--poll.wait=1s"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(key -> key.startsWith("CHAOSPLANE_"));
        return builder.start();
    }

    private static long millisToFirstLine(List<String> arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(java()));
        command.addAll(UNIT_JVM);
        command.addAll(arguments);
        long started = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        firstLine(process);
        long took = (System.nanoTime() - started) / 1_000_000;
        process.waitFor();
        return took;
    }

    /** Reads the first line, then keeps the output drained so the process never blocks on it. */
    private static void firstLine(Process process) throws IOException {
        BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        out.readLine();
        Thread.ofVirtual().start(() -> {
            try {
                while (out.readLine() != null) {
                    // drained
                }
            } catch (IOException e) {
                // the process ended
            }
        });
    }

    private static String java() {
        return ProcessHandle.current().info().command().orElseThrow();
    }

    private static long median(List<Long> values) {
        return values.stream().sorted().toList().get(values.size() / 2);
    }
}
