package io.chaosplane.agent.linux.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chaosplane.agent.linux.testing.Await;
import io.chaosplane.agent.linux.testing.FaultHarness;
import io.chaosplane.agent.linux.testing.FaultHarness.Injected;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Victims are copies of {@code sleep} under a name no other process on the machine has. */
// a try-with-resources block holds an injected fault only to revert it whatever the assertions do
@SuppressWarnings("try")
class ProcessKillFaultTest {

    @TempDir
    Path dir;

    private Path victim;
    private final List<Process> started = new ArrayList<>();

    @BeforeEach
    void makeVictim() throws IOException {
        byte[] suffix = new byte[3];
        ThreadLocalRandom.current().nextBytes(suffix);
        victim = Files.copy(
                Path.of("/bin/sleep"),
                dir.resolve("cpvict" + HexFormat.of().formatHex(suffix)),
                StandardCopyOption.COPY_ATTRIBUTES);
    }

    @AfterEach
    void killVictims() {
        started.forEach(Process::destroyForcibly);
    }

    @Test
    void killsEveryProcessOfTheName() throws Exception {
        Process first = startVictim();
        Process second = startVictim();

        try (Injected<ProcessKillFault.State> kill =
                FaultHarness.inject(new ProcessKillFault(), "ProcessName", name())) {
            Await.until(() -> !first.isAlive() && !second.isAlive(), Duration.ofSeconds(3), "victims killed");
            assertThat(first.exitValue()).isEqualTo(128 + 9);
        }
    }

    @Test
    void sendsTheGivenSignalToTheGivenProcess() throws Exception {
        Process target = startVictim();
        Process bystander = startVictim();

        try (Injected<ProcessKillFault.State> kill =
                FaultHarness.inject(new ProcessKillFault(), "PID", Long.toString(target.pid()), "Signal", "SIGTERM")) {
            Await.until(() -> !target.isAlive(), Duration.ofSeconds(3), "target terminated");
            assertThat(target.exitValue()).isEqualTo(128 + 15);
            assertThat(bystander.isAlive()).isTrue();
        }
    }

    @Test
    void withADurationProcessesThatStartAgainAreKilledTooUntilTheRevert() throws Exception {
        startVictim();
        Injected<ProcessKillFault.State> kill =
                FaultHarness.inject(new ProcessKillFault(), "ProcessName", name(), "Duration", "10s");

        Process restarted = startVictim();
        Await.until(() -> !restarted.isAlive(), Duration.ofSeconds(3), "restarted victim killed");

        kill.revert();
        Process afterRevert = startVictim();
        Thread.sleep(400);
        assertThat(afterRevert.isAlive()).isTrue();
    }

    @Test
    void aStoppedProcessIsResumedOnRevert() throws Exception {
        Process target = startVictim();

        Injected<ProcessKillFault.State> stop =
                FaultHarness.inject(new ProcessKillFault(), "ProcessName", name(), "Signal", "SIGSTOP");
        Await.until(() -> state(target) == 'T', Duration.ofSeconds(3), "victim stopped");

        stop.revert();
        Await.until(() -> state(target) == 'S', Duration.ofSeconds(3), "victim resumed");
    }

    @Test
    void refusesToSignalTheAgentItself() {
        assertThatThrownBy(() -> FaultHarness.inject(
                        new ProcessKillFault(),
                        "PID",
                        Long.toString(ProcessHandle.current().pid())))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(
                        "refusing to signal process " + ProcessHandle.current().pid());
        assertThat(ProcessHandle.current().isAlive()).isTrue();
    }

    @Test
    void aNameNoProcessHasIsAnError() {
        assertThatThrownBy(() -> FaultHarness.inject(new ProcessKillFault(), "ProcessName", name()))
                .hasMessage("no process named " + name() + " is running");
    }

    private String name() {
        return victim.getFileName().toString();
    }

    private Process startVictim() throws IOException, InterruptedException {
        Process process = new ProcessBuilder(victim.toString(), "300").start();
        started.add(process);
        Await.until(() -> state(process) == 'S', Duration.ofSeconds(3), "victim running");
        return process;
    }

    private static char state(Process process) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2);
        } catch (IOException e) {
            return '-';
        }
    }
}
