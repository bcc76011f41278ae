package io.chaosplane.controlplane.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The merge window's timing, on a clock and a timer the test moves by hand. */
class MergeWindowTest {

    private static final long MS = 1_000_000;

    private record Booked(Runnable task, long at) {}

    private long now = 1_000 * MS;
    private final List<Booked> booked = new ArrayList<>();
    private final List<String> sends = new ArrayList<>();
    private int sent;
    private int merged;

    private final MergeWindow window = new MergeWindow(
            Duration.ofMillis(25),
            () -> now,
            (task, delay) -> booked.add(new Booked(task, now + delay)),
            key -> sends.add(key + "@" + (now / MS)),
            new MergeWindow.Counts() {
                @Override
                public void sent() {
                    sent++;
                }

                @Override
                public void merged() {
                    merged++;
                }
            });

    private final UUID infra = UUID.randomUUID();

    /** Moves the clock on, running what the timer has booked up to then, each at its time. */
    private void advanceTo(long millis) {
        long until = millis * MS;
        while (true) {
            Booked next = booked.stream()
                    .filter(b -> b.at() <= until)
                    .min((a, b) -> Long.compare(a.at(), b.at()))
                    .orElse(null);
            if (next == null) {
                break;
            }
            booked.remove(next);
            now = next.at();
            next.task().run();
        }
        now = until;
    }

    @Test
    void theFirstChangeAfterAQuietWindowIsSentAtOnce() {
        window.changed(infra);
        assertThat(sends).containsExactly(infra + "@1000");
        advanceTo(1_030);
        window.changed(infra);
        assertThat(sends).containsExactly(infra + "@1000", infra + "@1030");
        assertThat(booked).isEmpty();
    }

    @Test
    void changesInsideTheWindowAreMergedAndSentExactlyWhenItEnds() {
        window.changed(infra);
        advanceTo(1_005);
        window.changed(infra);
        advanceTo(1_012);
        window.changed(infra);
        window.changed(infra);
        assertThat(sends).hasSize(1);
        advanceTo(1_024);
        assertThat(sends).hasSize(1);
        advanceTo(1_025);
        assertThat(sends).containsExactly(infra + "@1000", infra + "@1025");
        assertThat(sent).isEqualTo(2);
        assertThat(merged).isEqualTo(3);
    }

    @Test
    void theNextWindowIsTimedFromTheMergedSend() {
        window.changed(infra);
        advanceTo(1_020);
        window.changed(infra); // sent at 1025
        advanceTo(1_030);
        window.changed(infra); // inside the window that began at 1025: sent at 1050, not at a sweep's tick
        advanceTo(1_100);
        assertThat(sends).containsExactly(infra + "@1000", infra + "@1025", infra + "@1050");
    }

    @Test
    void infrastructuresHaveWindowsOfTheirOwn() {
        UUID other = UUID.randomUUID();
        window.changed(infra);
        window.changed(other);
        advanceTo(1_001);
        window.changed(infra);
        assertThat(sends).containsExactly(infra + "@1000", other + "@1000");
        advanceTo(1_100);
        assertThat(sends).containsExactly(infra + "@1000", other + "@1000", infra + "@1025");
    }

    @Test
    void quietInfrastructuresAreForgottenButBookedOnesAreNot() {
        UUID other = UUID.randomUUID();
        window.changed(infra);
        window.changed(other);
        advanceTo(1_010);
        window.changed(other);
        advanceTo(1_020);
        window.forgetQuiet();
        assertThat(window.tracked()).isEqualTo(2); // both inside their window
        advanceTo(1_030);
        window.forgetQuiet();
        assertThat(window.tracked()).isEqualTo(1); // other's merged send at 1025 opened a window to 1050
        advanceTo(1_050);
        window.forgetQuiet();
        assertThat(window.tracked()).isZero();
        window.changed(other);
        assertThat(sends).endsWith(other + "@1050");
    }
}
