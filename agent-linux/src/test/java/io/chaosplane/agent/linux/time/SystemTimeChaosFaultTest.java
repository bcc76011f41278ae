package io.chaosplane.agent.linux.time;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosplane.agent.fault.FaultSupervisor;
import io.chaosplane.agent.linux.testing.FaultHarness;
import io.chaosplane.agent.linux.testing.FaultHarness.Injected;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The system-wide variant against fake {@code date} and {@code timedatectl}: no test on a shared machine may move its
 * clock by default (see {@link SystemTimeChaosOnThisHostTest} for the opt-in one). The fake {@code date} keeps its
 * "clock" in a file, the fake {@code timedatectl} its NTP switch; both record their calls.
 */
class SystemTimeChaosFaultTest {

    private static final long TRUE_TIME = 1_800_000_000L;

    private static final String FAKE_DATE = """
            #!/bin/sh
            base=$(dirname "$0")
            echo "date $*" >> "$base/calls"
            case $1 in
              +%s) cat "$base/clock" ;;
              -s) echo "${2#@}" > "$base/clock" ;;
              *) exit 1 ;;
            esac
            """;

    private static final String FAKE_TIMEDATECTL = """
            #!/bin/sh
            base=$(dirname "$0")
            echo "timedatectl $*" >> "$base/calls"
            case $1 in
              show) cat "$base/ntp" ;;
              set-ntp) if [ "$2" = true ]; then echo yes > "$base/ntp"; else echo no > "$base/ntp"; fi ;;
              *) exit 1 ;;
            esac
            """;

    @TempDir
    Path dir;

    @BeforeEach
    void installFakeClock() throws IOException {
        for (String name : List.of("date", "timedatectl")) {
            Path script = dir.resolve(name);
            Files.writeString(script, name.equals("date") ? FAKE_DATE : FAKE_TIMEDATECTL);
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Files.writeString(dir.resolve("clock"), TRUE_TIME + "\n");
        Files.writeString(dir.resolve("ntp"), "yes\n");
    }

    @Test
    void movesTheClockWithNtpOffAndBackWithNtpOnAgainOnce() throws Exception {
        Injected<SystemTimeChaosFault.State> time = FaultHarness.inject(fault(), "Offset", "-2h", "Duration", "30s");

        assertThat(clock()).isEqualTo(TRUE_TIME - 7200);
        assertThat(ntp()).isEqualTo("no");
        assertThat(time.state().ntpWasOn()).isTrue();

        time.revert();
        time.revert();

        assertThat(clock()).as("moved back once, not twice").isEqualTo(TRUE_TIME);
        assertThat(ntp()).isEqualTo("yes");
        assertThat(dir.resolve("markers")).isEmptyDirectory();
    }

    @Test
    void ntpThatWasOffStaysOff() throws Exception {
        Files.writeString(dir.resolve("ntp"), "no\n");
        Injected<SystemTimeChaosFault.State> time = FaultHarness.inject(fault(), "Offset", "+1d", "Duration", "30s");
        assertThat(clock()).isEqualTo(TRUE_TIME + 86400);

        time.revert();

        assertThat(clock()).isEqualTo(TRUE_TIME);
        assertThat(ntp()).isEqualTo("no");
        assertThat(calls()).noneMatch(call -> call.startsWith("timedatectl set-ntp"));
    }

    @Test
    void withDisableNtpFalseNtpIsLeftAlone() throws Exception {
        Injected<SystemTimeChaosFault.State> time =
                FaultHarness.inject(fault(), "Offset", "+90s", "DisableNtp", "false", "Duration", "30s");
        assertThat(clock()).isEqualTo(TRUE_TIME + 90);
        assertThat(ntp()).isEqualTo("yes");

        time.revert();

        assertThat(clock()).isEqualTo(TRUE_TIME);
        assertThat(calls()).noneMatch(call -> call.startsWith("timedatectl"));
    }

    @Test
    void aRestartedAgentMovesTheClockBackAndTurnsNtpOnFromTheJournalAlone(@TempDir Path journal) throws Exception {
        FaultHarness.injectAndDie(fault(), journal, "Offset", "+90m", "Duration", "60s");
        assertThat(clock()).isEqualTo(TRUE_TIME + 5400);
        assertThat(ntp()).isEqualTo("no");

        List<FaultSupervisor.Recovered> recovered = FaultHarness.restart(journal, fault());

        assertThat(recovered)
                .singleElement()
                .satisfies(r -> assertThat(r.reverted()).as(r.error()).isTrue());
        assertThat(clock()).isEqualTo(TRUE_TIME);
        assertThat(ntp()).isEqualTo("yes");
    }

    private SystemTimeChaosFault fault() {
        return new SystemTimeChaosFault(
                dir.resolve("date").toString(), dir.resolve("timedatectl").toString(), dir.resolve("markers"));
    }

    private long clock() throws IOException {
        return Long.parseLong(Files.readString(dir.resolve("clock")).strip());
    }

    private String ntp() throws IOException {
        return Files.readString(dir.resolve("ntp")).strip();
    }

    private List<String> calls() throws IOException {
        Path calls = dir.resolve("calls");
        return Files.exists(calls) ? Files.readAllLines(calls) : List.of();
    }
}
