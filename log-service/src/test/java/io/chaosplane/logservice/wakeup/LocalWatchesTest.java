package io.chaosplane.logservice.wakeup;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocalWatchesTest {

    final LocalWatches watches = new LocalWatches();

    @Test
    void newsBeforeTheWaitIsKept() throws InterruptedException {
        try (StreamWakeups.Watch watch = watches.watch(1)) {
            watches.wake(List.of(1L));
            assertThat(watch.await(Duration.ZERO)).isTrue();
            assertThat(watch.await(Duration.ofMillis(10))).as("consumed").isFalse();
        }
    }

    @Test
    void onlyTheStreamsWatchersWake() throws InterruptedException {
        try (StreamWakeups.Watch one = watches.watch(1);
                StreamWakeups.Watch two = watches.watch(2)) {
            watches.wake(List.of(2L));
            assertThat(one.await(Duration.ofMillis(10))).isFalse();
            assertThat(two.await(Duration.ZERO)).isTrue();
        }
    }

    @Test
    void aClosedWatchIsForgotten() throws InterruptedException {
        StreamWakeups.Watch watch = watches.watch(3);
        watch.close();
        watches.wakeAll();
        assertThat(watch.await(Duration.ofMillis(10))).isFalse();
    }
}
