package io.chaosplane.agent.linux.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chaosplane.agent.fault.FaultSupervisor;
import io.chaosplane.agent.linux.testing.FaultHarness;
import io.chaosplane.agent.linux.testing.FaultHarness.Injected;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-process variant for real: Debian's libfaketime (package faketime, which .ci/run installs) really moves the
 * clock of the processes a restart starts. systemd is replaced by a fake {@code systemctl} (this container runs no
 * systemd): its {@code restart} starts the unit's "process", {@code date +%s}, with the environment of the unit's
 * drop-ins, as systemd would, and records what time it saw. The system-wide variant, which moves the host's clock, is
 * not part of this fault: no test on a shared machine may change its clock.
 */
class TimeChaosFaultTest {

    private static final String FAKE_SYSTEMCTL = """
            #!/bin/sh
            base=$(dirname "$0")
            echo "$*" >> "$base/calls"
            case $1 in
              daemon-reload) ;;
              restart) unit=$3
                vars=$(cat "$base/run/$unit.d/"*.conf 2>/dev/null | sed -n 's/^Environment=//p' | tr -d '"')
                env $vars date +%s > "$base/units/$unit.time" ;;
              *) exit 1 ;;
            esac
            """;

    @TempDir
    Path dir;

    private String systemctl;

    @BeforeEach
    void installFakeSystemd() throws IOException {
        Path script = dir.resolve("systemctl");
        Files.writeString(script, FAKE_SYSTEMCTL);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createDirectories(dir.resolve("units"));
        Files.createDirectories(dir.resolve("run"));
        systemctl = script.toString();
    }

    @Test
    void theServicesProcessesSeeTheClockMovedAndTheTrueTimeAfterRevert() throws Exception {
        Injected<TimeChaosFault.State> time = FaultHarness.inject(
                fault(), "Services", "app.service,worker.service", "Offset", "-2h", "Duration", "30s");
        assertThat(secondsAhead("app.service")).isBetween(-7200L - 60, -7200L + 60);
        assertThat(secondsAhead("worker.service")).isBetween(-7200L - 60, -7200L + 60);
        assertThat(Files.readString(
                        dir.resolve("run/app.service.d").resolve(time.state().dropInName())))
                .contains("FAKETIME=-7200", "libfaketime.so.1", "FAKETIME_DONT_FAKE_MONOTONIC=1");

        time.revert();
        time.revert();

        assertThat(secondsAhead("app.service")).isBetween(-60L, 60L);
        assertThat(dir.resolve("run/app.service.d")).doesNotExist();
        assertThat(Files.readAllLines(dir.resolve("calls")).stream()
                        .filter(call -> call.equals("restart -- app.service"))
                        .count())
                .as("one restart to inject, one to revert")
                .isEqualTo(2);
    }

    @Test
    void aRevertInterruptedAfterTheDropInWasSetAsideIsFinishedByTheNextOne() throws Exception {
        Injected<TimeChaosFault.State> time =
                FaultHarness.inject(fault(), "Services", "app.service", "Offset", "+1d", "Duration", "30s");
        Path dropIn = dir.resolve("run/app.service.d").resolve(time.state().dropInName());
        Files.move(dropIn, dropIn.resolveSibling(dropIn.getFileName() + ".reverting"));

        time.revert();

        assertThat(secondsAhead("app.service")).isBetween(-60L, 60L);
        assertThat(dir.resolve("run/app.service.d")).doesNotExist();
    }

    @Test
    void aRestartedAgentGivesTheServicesTheTrueTimeFromTheJournalAlone(@TempDir Path journal) throws Exception {
        FaultHarness.injectAndDie(fault(), journal, "Services", "app.service", "Offset", "+90m", "Duration", "60s");
        assertThat(secondsAhead("app.service")).isBetween(5400L - 60, 5400L + 60);

        List<FaultSupervisor.Recovered> recovered = FaultHarness.restart(journal, fault());

        assertThat(recovered)
                .singleElement()
                .satisfies(r -> assertThat(r.reverted()).as(r.error()).isTrue());
        assertThat(secondsAhead("app.service")).isBetween(-60L, 60L);
        assertThat(dir.resolve("run/app.service.d")).doesNotExist();
    }

    @Test
    void withoutLibfaketimeTheInjectionFailsSayingWhatToInstall() {
        TimeChaosFault withoutLibrary =
                new TimeChaosFault(systemctl, dir.resolve("run"), List.of(dir.resolve("missing/libfaketime.so.1")));

        assertThatThrownBy(() -> FaultHarness.inject(
                        withoutLibrary, "Services", "app.service", "Offset", "+1h", "Duration", "30s"))
                .hasMessageStartingWith("libfaketime is not installed (Debian: apt-get install faketime)");
        assertThat(dir.resolve("run/app.service.d")).doesNotExist();
    }

    @Test
    void offsetsAreReadInLibfaketimesSeconds() {
        assertThat(TimeChaosFault.faketimeOffset("+90s")).isEqualTo("+90");
        assertThat(TimeChaosFault.faketimeOffset("-2h")).isEqualTo("-7200");
        assertThat(TimeChaosFault.faketimeOffset("+1d")).isEqualTo("+86400");
    }

    private TimeChaosFault fault() {
        return new TimeChaosFault(systemctl, dir.resolve("run"), TimeChaosFault.debianLibraryPaths());
    }

    /** How far ahead of the true time the unit's last process saw the clock, in seconds. */
    private long secondsAhead(String unit) throws IOException {
        long seen = Long.parseLong(
                Files.readString(dir.resolve("units").resolve(unit + ".time")).strip());
        return seen - Instant.now().getEpochSecond();
    }
}
