package io.chaosplane.agent.linux.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chaosplane.agent.fault.FaultSupervisor;
import io.chaosplane.agent.linux.testing.Await;
import io.chaosplane.agent.linux.testing.FaultHarness;
import io.chaosplane.agent.linux.testing.FaultHarness.Injected;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against a fake {@code systemctl}: this machine (a container) has no running systemd, and stopping a real service
 * of the host would disturb other work. The fake keeps each unit's state in a file, logs its calls, and, like systemd
 * with {@code Restart=}, brings a killed unit back by itself after 300 ms.
 */
class ServiceRestartFaultTest {

    private static final String FAKE_SYSTEMCTL = """
            #!/bin/sh
            dir=$(dirname "$0")/units
            echo "$*" >> "$(dirname "$0")/calls"
            verb=$1; shift
            [ "$verb" = kill ] && shift
            [ "$1" = -- ] && shift
            for unit in "$@"; do
              case $verb in
                is-active) [ "$(cat "$dir/$unit" 2>/dev/null)" = active ] && { echo active; exit 0; }
                           [ -f "$dir/$unit" ] || { echo inactive; exit 4; }
                           echo inactive; exit 3 ;;
                stop) echo inactive > "$dir/$unit" ;;
                start) echo active > "$dir/$unit" ;;
                kill) echo inactive > "$dir/$unit"
                      (sleep 0.3; echo active > "$dir/$unit") >/dev/null 2>&1 & ;;
              esac
            done
            """;

    @TempDir
    Path dir;

    private String systemctl;

    @BeforeEach
    void installFakeSystemctl() throws IOException {
        Path script = dir.resolve("systemctl");
        Files.writeString(script, FAKE_SYSTEMCTL);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createDirectory(dir.resolve("units"));
        systemctl = script.toString();
        unit("web.service", "active");
        unit("db.service", "active");
        unit("cron.service", "inactive");
    }

    @Test
    void stopsTheServicesInOneCallAndStartsThemAgainOnRevert() throws Exception {
        Injected<ServiceRestartFault.State> restart =
                FaultHarness.inject(fault(), "Services", "web.service,db.service", "Duration", "30s");
        assertThat(state("web.service")).isEqualTo("inactive");
        assertThat(state("db.service")).isEqualTo("inactive");
        assertThat(calls()).contains("stop -- web.service db.service");

        restart.revert();

        assertThat(state("web.service")).isEqualTo("active");
        assertThat(state("db.service")).isEqualTo("active");
        assertThat(calls()).contains("start -- web.service db.service");
    }

    @Test
    void inSeriesStopsThemOneAfterTheOtherIntervalApart() throws Exception {
        long start = System.nanoTime();
        try (Injected<ServiceRestartFault.State> restart = FaultHarness.inject(
                fault(),
                "Services",
                "web.service,db.service",
                "Sequence",
                "serial",
                "Interval",
                "1s",
                "Duration",
                "30s")) {
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
            assertThat(calls()).containsSubsequence("stop -- web.service", "stop -- db.service");
        }
        assertThat(state("db.service")).isEqualTo("active");
    }

    @Test
    void selfHealingServicesAreKilledAndComeBackWithoutTheRevertStartingThem() throws Exception {
        try (Injected<ServiceRestartFault.State> restart = FaultHarness.inject(
                fault(), "Services", "web.service", "SelfHealingServices", "true", "Duration", "30s")) {
            assertThat(calls()).contains("kill --signal=SIGKILL -- web.service");
            Await.until(() -> state("web.service").equals("active"), Duration.ofSeconds(3), "systemd restarted it");
        }
        assertThat(calls()).doesNotContain("start -- web.service");
    }

    @Test
    void aServiceThatIsNotRunningIsRefusedBeforeAnythingIsStopped() {
        assertThatThrownBy(
                        () -> FaultHarness.inject(fault(), "Services", "web.service,cron.service", "Duration", "30s"))
                .hasMessage("service cron.service is not active; only running services are restarted");
        assertThat(state("web.service")).isEqualTo("active");
    }

    @Test
    void aRestartedAgentStartsTheServicesFromTheJournalAlone(@TempDir Path journal) throws Exception {
        FaultHarness.injectAndDie(fault(), journal, "Services", "web.service,db.service", "Duration", "60s");
        assertThat(state("web.service")).isEqualTo("inactive");

        List<FaultSupervisor.Recovered> recovered = FaultHarness.restart(journal, fault());

        assertThat(recovered)
                .singleElement()
                .satisfies(r -> assertThat(r.reverted()).as(r.error()).isTrue());
        assertThat(state("web.service")).isEqualTo("active");
        assertThat(state("db.service")).isEqualTo("active");
    }

    @Test
    void withoutSystemdTheInjectionFailsSayingSo() {
        assertThatThrownBy(() -> FaultHarness.inject(
                        new ServiceRestartFault(dir.resolve("no-systemctl").toString()),
                        "Services",
                        "web.service",
                        "Duration",
                        "30s"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("no-systemctl");
    }

    private ServiceRestartFault fault() {
        return new ServiceRestartFault(systemctl);
    }

    private void unit(String name, String state) throws IOException {
        Files.writeString(dir.resolve("units").resolve(name), state + "\n");
    }

    private String state(String unit) {
        try {
            return Files.readString(dir.resolve("units").resolve(unit)).strip();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<String> calls() throws IOException {
        return Files.readAllLines(dir.resolve("calls"));
    }
}
