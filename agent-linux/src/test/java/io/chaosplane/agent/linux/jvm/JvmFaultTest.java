package io.chaosplane.agent.linux.jvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chaosplane.agent.fault.FaultSupervisor;
import io.chaosplane.agent.linux.jvm.JvmFault.Kind;
import io.chaosplane.agent.linux.proc.Procfs;
import io.chaosplane.agent.linux.testing.Await;
import io.chaosplane.agent.linux.testing.FaultHarness;
import io.chaosplane.agent.linux.testing.FaultHarness.Injected;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each fault against a real JVM ({@link JvmTarget}) that the test starts, with a command line no other process has:
 * the target's calls are timed and their answers read over loopback, its CPU time read from /proc.
 */
class JvmFaultTest {

    private static final Duration SOON = Duration.ofSeconds(10);

    @TempDir
    static Path tmp;

    private static TargetJvm target;
    private static String marker;

    @BeforeAll
    static void startTarget() throws Exception {
        target = TargetJvm.start(tmp.resolve("target.err"));
        marker = target.marker();
    }

    @AfterAll
    static void stopTarget() throws Exception {
        if (target != null) {
            target.close();
        }
    }

    @Test
    void methodLatencyDelaysEveryCallUntilTheRevert() throws Exception {
        assertThat(callMillis("greet")).isLessThan(300);

        try (Injected<JvmFault.State> latency =
                inject(Kind.METHOD_LATENCY, "Class", shop(), "Method", "greet", "Latency", "700", "Duration", "30s")) {
            assertThat(ask("greet")).startsWith("ok hello world ");
            assertThat(callMillis("greet")).isGreaterThanOrEqualTo(700);
            assertThat(latency.state().targets())
                    .singleElement()
                    .satisfies(t -> assertThat(t.pid()).isEqualTo(target.pid()));
        }

        assertThat(callMillis("greet")).isLessThan(300);
        assertThat(ask("greet")).startsWith("ok hello world ");
    }

    @Test
    void methodExceptionMakesTheMethodThrowUntilTheRevert() throws Exception {
        try (Injected<JvmFault.State> exception = inject(
                Kind.METHOD_EXCEPTION,
                "Class",
                shop(),
                "Method",
                "greet",
                "Exception",
                "java.lang.IllegalStateException",
                "ExceptionMessage",
                "the shop is closed",
                "Duration",
                "30s")) {
            assertThat(ask("greet")).startsWith("thrown java.lang.IllegalStateException: the shop is closed ");
            assertThat(ask("count")).startsWith("ok 6 ");
        }

        assertThat(ask("greet")).startsWith("ok hello world ");
    }

    @Test
    void modifyReturnReplacesAStringAndAnIntAtTheSameTimeUntilEachIsReverted() throws Exception {
        Injected<JvmFault.State> text =
                inject(Kind.MODIFY_RETURN, "Class", shop(), "Method", "greet", "Return", "hijacked", "Duration", "30s");
        try (Injected<JvmFault.State> number =
                inject(Kind.MODIFY_RETURN, "Class", shop(), "Method", "count", "Return", "42", "Duration", "30s")) {
            assertThat(ask("greet")).startsWith("ok hijacked ");
            assertThat(ask("count")).startsWith("ok 42 ");

            text.revert();
            assertThat(ask("greet")).startsWith("ok hello world ");
            assertThat(ask("count")).startsWith("ok 42 ");
        }

        assertThat(ask("count")).startsWith("ok 6 ");
    }

    @Test
    void cpuStressKeepsThreadsOfTheTargetBusyUntilTheRevert() throws Exception {
        try (Injected<JvmFault.State> cpu = inject(Kind.CPU_STRESS, "CPU", "2", "Load", "100", "Duration", "30s")) {
            assertThat(threadsNamed("chaosplane-cpu-")).isEqualTo(2);
            // a second of CPU time: two busy threads get it quickly even on a machine other builds share
            long start = Procfs.cpuTicks(target.pid());
            Await.until(() -> Procfs.cpuTicks(target.pid()) - start >= 100, Duration.ofSeconds(30), "a CPU second");
        }

        assertThat(threadsNamed("chaosplane-cpu-")).isZero();
        assertThat(cpuTicksOver(Duration.ofSeconds(2))).isLessThan(30);
    }

    @Test
    void memoryStressHoldsHeapInTheTargetUntilTheRevert() throws Exception {
        long before = Long.parseLong(ask("heap"));

        try (Injected<JvmFault.State> memory = inject(Kind.MEMORY_STRESS, "Memory", "96Mi", "Duration", "30s")) {
            assertThat(Long.parseLong(ask("heap")) - before).isGreaterThan(90L << 20);
        }

        assertThat(Long.parseLong(ask("heap")) - before).isLessThan(16L << 20);
    }

    @Test
    void aMemoryStressTheHeapCannotHoldIsRefused() {
        assertThatThrownBy(() -> inject(Kind.MEMORY_STRESS, "Memory", "1Gi", "Duration", "30s"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("refused the fault: the target's heap has room for about");
    }

    @Test
    void triggerGcCollectsAgainAndAgainUntilTheRevert() throws Exception {
        long before = Long.parseLong(ask("gcs"));

        try (Injected<JvmFault.State> gc = inject(Kind.TRIGGER_GC, "Interval", "200ms", "Duration", "30s")) {
            Await.until(() -> Long.parseLong(ask("gcs")) >= before + 3, SOON, "three collections more");
        }

        long after = Long.parseLong(ask("gcs"));
        Thread.sleep(1000);
        assertThat(Long.parseLong(ask("gcs"))).isEqualTo(after);
    }

    @Test
    void aRestartedAgentRevertsFromTheJournalAloneThroughANewAttach(@TempDir Path journal) throws Exception {
        FaultHarness.injectAndDie(
                fault(Kind.METHOD_LATENCY),
                journal,
                "Class",
                shop(),
                "Method",
                "greet",
                "Latency",
                "700",
                "CommandPattern",
                marker,
                "Duration",
                "60s");
        assertThat(callMillis("greet")).isGreaterThanOrEqualTo(700);

        List<FaultSupervisor.Recovered> recovered = FaultHarness.restart(journal, fault(Kind.METHOD_LATENCY));

        assertThat(recovered)
                .singleElement()
                .satisfies(r -> assertThat(r.reverted()).as(r.error()).isTrue());
        assertThat(callMillis("greet")).isLessThan(300);
        try (var left = Files.list(tmp)) {
            assertThat(left.map(path -> path.getFileName().toString()))
                    .noneMatch(name -> name.startsWith("chaosplane-jvm-"));
        }
    }

    @Test
    void afterKill9OfTheAgentTheTargetRevertsByItselfAndTheRestartedAgentFindsNothingLeft(@TempDir Path journal)
            throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process agent = new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        DoomedAgent.class.getName(),
                        journal.toString(),
                        tmp.toString(),
                        "Class",
                        shop(),
                        "Method",
                        "greet",
                        "Latency",
                        "700",
                        "CommandPattern",
                        marker,
                        "Duration",
                        "120s")
                .redirectError(tmp.resolve("doomed-agent.err").toFile())
                .start();
        try {
            assertThat(new BufferedReader(new InputStreamReader(agent.getInputStream(), StandardCharsets.UTF_8))
                            .readLine())
                    .as("the doomed agent's output; its errors are in doomed-agent.err")
                    .isEqualTo("injected");
            assertThat(callMillis("greet")).isGreaterThanOrEqualTo(700);

            agent.destroyForcibly().waitFor();

            // the in-JVM agent's connection broke with the agent: it reverts at once, not at the deadline
            Await.until(() -> callMillis("greet") < 200, SOON, "the method back to normal after kill -9");
        } finally {
            agent.destroyForcibly().waitFor();
        }
        List<FaultSupervisor.Recovered> recovered = FaultHarness.restart(journal, fault(Kind.METHOD_LATENCY));
        assertThat(recovered)
                .singleElement()
                .satisfies(r -> assertThat(r.reverted()).as(r.error()).isTrue());
        try (var left = Files.list(tmp)) {
            assertThat(left.map(path -> path.getFileName().toString()))
                    .noneMatch(name -> name.startsWith("chaosplane-jvm-"));
        }
    }

    @Test
    void theTargetRevertsByItselfAtTheDeadline() throws Exception {
        try (Injected<JvmFault.State> latency = FaultHarness.inject(
                fault(Kind.METHOD_LATENCY),
                Duration.ofSeconds(1),
                "Class",
                shop(),
                "Method",
                "greet",
                "Latency",
                "300",
                "CommandPattern",
                marker,
                "Duration",
                "1s")) {
            assertThat(callMillis("greet")).isGreaterThanOrEqualTo(300);
            Await.until(() -> callMillis("greet") < 200, SOON, "the method back to normal without a revert");
        }
        assertThat(callMillis("greet")).isLessThan(200);
    }

    @Test
    void aMethodTheClassLacksOrAReturnValueOfTheWrongTypeIsRefusedAndNothingChanges() throws Exception {
        assertThatThrownBy(() -> inject(
                        Kind.METHOD_LATENCY,
                        "Class",
                        shop(),
                        "Method",
                        "checkout",
                        "Latency",
                        "500",
                        "Duration",
                        "30s"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(shop() + " declares no method checkout");
        assertThatThrownBy(() -> inject(
                        Kind.MODIFY_RETURN, "Class", shop(), "Method", "count", "Return", "many", "Duration", "30s"))
                .hasMessageContaining("'many' cannot be returned by " + shop() + ".count (int)");
        assertThat(ask("count")).startsWith("ok 6 ");
        try (var left = Files.list(tmp)) {
            assertThat(left.map(path -> path.getFileName().toString()))
                    .noneMatch(name -> name.startsWith("chaosplane-jvm-"));
        }
    }

    @Test
    void aProcessThatIsNoJvmIsRefused() throws Exception {
        Process sleep = new ProcessBuilder("sleep", "30").start();
        try {
            assertThatThrownBy(() -> FaultHarness.inject(
                            fault(Kind.TRIGGER_GC), "PID", Long.toString(sleep.pid()), "Duration", "5s"))
                    .isInstanceOf(IOException.class)
                    .hasMessage("process " + sleep.pid() + " is no Java virtual machine (it has no libjvm.so)");
        } finally {
            sleep.destroyForcibly();
        }
    }

    @Test
    void aFaultDirectoryOthersCanWriteToIsNotTheAgentsOwn() throws Exception {
        Path directory = Files.createDirectory(tmp.resolve("chaosplane-jvm-foreign"));
        try {
            Files.setPosixFilePermissions(
                    directory, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
            assertThat(InJvmAgent.isOwn(directory)).isFalse();
            Files.setPosixFilePermissions(
                    directory, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            assertThat(InJvmAgent.isOwn(directory)).isTrue();
        } finally {
            Files.delete(directory);
        }
    }

    private static JvmFault fault(Kind kind) {
        return new JvmFault(kind, tmp);
    }

    /** Injects into the target, chosen by its command line. */
    private static Injected<JvmFault.State> inject(Kind kind, String... namesAndValues) throws Exception {
        String[] withTarget = java.util.Arrays.copyOf(namesAndValues, namesAndValues.length + 2);
        withTarget[namesAndValues.length] = "CommandPattern";
        withTarget[namesAndValues.length + 1] = marker;
        return FaultHarness.inject(fault(kind), withTarget);
    }

    private static String shop() {
        return TargetJvm.shop();
    }

    private static String ask(String request) {
        return target.ask(request);
    }

    private static long callMillis(String request) {
        return target.callMillis(request);
    }

    /** Threads of the target whose name (15 characters at most, as the kernel keeps it) starts so. */
    private static long threadsNamed(String prefix) throws IOException {
        try (var tasks = Files.list(Path.of("/proc", Long.toString(target.pid()), "task"))) {
            return tasks.filter(task -> {
                        try {
                            return Files.readString(task.resolve("comm")).startsWith(prefix);
                        } catch (IOException e) {
                            return false;
                        }
                    })
                    .count();
        }
    }

    private static long cpuTicksOver(Duration period) throws InterruptedException {
        long start = Procfs.cpuTicks(target.pid());
        Thread.sleep(period.toMillis());
        return Procfs.cpuTicks(target.pid()) - start;
    }
}
