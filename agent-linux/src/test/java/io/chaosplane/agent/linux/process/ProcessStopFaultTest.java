package io.chaosplane.agent.linux.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chaosplane.agent.fault.FaultSupervisor;
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

/**
 * Victims are copies of {@code sleep} under a name no other process on the machine has, sleeping a number of seconds
 * no other process sleeps; the tests only ever stop those.
 */
class ProcessStopFaultTest {

    @TempDir
    Path dir;

    private Path victim;
    private String seconds;
    private final List<Process> started = new ArrayList<>();

    @BeforeEach
    void makeVictim() throws IOException {
        byte[] suffix = new byte[3];
        ThreadLocalRandom.current().nextBytes(suffix);
        victim = Files.copy(
                Path.of("/bin/sleep"),
                dir.resolve("cpstop" + HexFormat.of().formatHex(suffix)),
                StandardCopyOption.COPY_ATTRIBUTES);
        seconds = "3" + ThreadLocalRandom.current().nextInt(100_000, 999_999);
    }

    @AfterEach
    void killVictims() {
        started.forEach(Process::destroyForcibly);
    }

    @Test
    void freezesEveryProcessOfTheNameUntilTheRevert() throws Exception {
        Process first = startVictim();
        Process second = startVictim();

        Injected<ProcessStopFault.State> stop =
                FaultHarness.inject(new ProcessStopFault(), "ProcessName", name(), "Duration", "30s");
        Await.until(() -> state(first) == 'T' && state(second) == 'T', Duration.ofSeconds(3), "victims stopped");

        stop.revert();
        Await.until(() -> state(first) == 'S' && state(second) == 'S', Duration.ofSeconds(3), "victims resumed");
    }

    @Test
    void choosesByCommandLinePatternAndLeavesOthersRunning() throws Exception {
        Process target = startVictim();
        Process bystander = startVictim("1" + seconds);

        try (Injected<ProcessStopFault.State> stop = FaultHarness.inject(
                new ProcessStopFault(), "CommandPattern", "cpstop\\w+ " + seconds + "$", "Duration", "30s")) {
            Await.until(() -> state(target) == 'T', Duration.ofSeconds(3), "target stopped");
            assertThat(state(bystander)).isEqualTo('S');
            assertThat(stop.state().targets())
                    .singleElement()
                    .satisfies(p -> assertThat(p.pid()).isEqualTo(target.pid()));
        }
        Await.until(() -> state(target) == 'S', Duration.ofSeconds(3), "target resumed");
    }

    @Test
    void choosesByPid() throws Exception {
        Process target = startVictim();
        Process bystander = startVictim();

        try (Injected<ProcessStopFault.State> stop =
                FaultHarness.inject(new ProcessStopFault(), "PID", Long.toString(target.pid()), "Duration", "30s")) {
            Await.until(() -> state(target) == 'T', Duration.ofSeconds(3), "target stopped");
            assertThat(state(bystander)).isEqualTo('S');
        }
        Await.until(() -> state(target) == 'S', Duration.ofSeconds(3), "target resumed");
    }

    @Test
    void aRestartedAgentResumesTheProcessesFromTheJournalAlone(@TempDir Path journal) throws Exception {
        Process target = startVictim();
        FaultHarness.injectAndDie(new ProcessStopFault(), journal, "ProcessName", name(), "Duration", "60s");
        Await.until(() -> state(target) == 'T', Duration.ofSeconds(3), "target stopped");

        List<FaultSupervisor.Recovered> recovered = FaultHarness.restart(journal, new ProcessStopFault());

        assertThat(recovered)
                .singleElement()
                .satisfies(r -> assertThat(r.reverted()).as(r.error()).isTrue());
        Await.until(() -> state(target) == 'S', Duration.ofSeconds(3), "target resumed");
    }

    @Test
    void refusesToStopTheAgentItself() {
        assertThatThrownBy(() -> FaultHarness.inject(
                        new ProcessStopFault(),
                        "PID",
                        Long.toString(ProcessHandle.current().pid()),
                        "Duration",
                        "5s"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(
                        "refusing to stop process " + ProcessHandle.current().pid());
    }

    @Test
    void aPatternNoProcessMatchesOrThatIsNoRegularExpressionIsAnError() {
        assertThatThrownBy(() -> FaultHarness.inject(
                        new ProcessStopFault(), "CommandPattern", "cpstop-none-" + seconds, "Duration", "5s"))
                .hasMessage("no process with a command line matching cpstop-none-" + seconds + " is running");
        assertThatThrownBy(() ->
                        FaultHarness.inject(new ProcessStopFault(), "CommandPattern", "sleep (", "Duration", "5s"))
                .hasMessageStartingWith("CommandPattern is no regular expression");
    }

    private String name() {
        return victim.getFileName().toString();
    }

    private Process startVictim() throws IOException, InterruptedException {
        return startVictim(seconds);
    }

    private Process startVictim(String sleepSeconds) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(victim.toString(), sleepSeconds).start();
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
