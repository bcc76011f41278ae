package io.chaosplane.agent.linux.time;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosplane.agent.linux.testing.FaultHarness;
import io.chaosplane.agent.linux.testing.FaultHarness.Injected;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The system-wide variant for real: the host's clock is moved by an hour and back. It runs only with
 * {@code -Dchaosplane.test.system-clock=true} (Maven profile {@code system-clock}), as root on a machine of one's own:
 * no test on a shared machine may move its clock by default, since every other process on it (builds, databases,
 * other engineers' tests) would see the jump.
 */
@EnabledIfSystemProperty(named = "chaosplane.test.system-clock", matches = "true")
class SystemTimeChaosOnThisHostTest {

    private static final long START_EPOCH = Instant.now().getEpochSecond();
    private static final long START_NANOS = System.nanoTime();

    @Test
    void theHostsClockIsMovedAndPutBack(@TempDir Path markers) throws Exception {
        SystemTimeChaosFault fault = new SystemTimeChaosFault("date", "timedatectl", markers);
        try (Injected<SystemTimeChaosFault.State> time =
                FaultHarness.inject(fault, "Offset", "+1h", "Duration", "30s")) {
            assertThat(Instant.now().getEpochSecond() - trueNow()).isBetween(3600L - 60, 3600L + 60);
            time.revert();
        }
        assertThat(Instant.now().getEpochSecond() - trueNow()).isBetween(-60L, 60L);
    }

    /** The true time, from the monotonic clock and the time this JVM was started, which the fault does not move. */
    private static long trueNow() {
        return START_EPOCH + (System.nanoTime() - START_NANOS) / 1_000_000_000L;
    }
}
