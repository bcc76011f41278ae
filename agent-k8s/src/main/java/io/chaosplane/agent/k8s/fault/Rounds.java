package io.chaosplane.agent.k8s.fault;

import io.chaosplane.agent.fault.FaultContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Faults that strike again every {@code CHAOS_INTERVAL} (pod-delete, container-kill): the first round runs at
 * injection, so that a failure fails the injection; later rounds run on a virtual thread of the fault's own until the
 * fault's deadline or its revert, whichever comes first.
 */
final class Rounds {

    @FunctionalInterface
    interface Round {
        void run() throws Exception;
    }

    private record Running(Thread thread, CountDownLatch stop) {}

    private final Map<String, Running> running = new ConcurrentHashMap<>();
    private final Clock clock;

    Rounds(Clock clock) {
        this.clock = clock;
    }

    void start(FaultContext context, Duration interval, Instant chaosEnds, Round round) throws Exception {
        round.run();
        CountDownLatch stop = new CountDownLatch(1);
        Thread thread = Thread.ofVirtual().name("rounds-" + context.faultId()).start(() -> {
            try {
                while (!stop.await(interval.toMillis(), TimeUnit.MILLISECONDS)
                        && clock.instant().plus(interval).isBefore(chaosEnds.plusMillis(1))) {
                    try {
                        round.run();
                    } catch (InterruptedException e) {
                        return;
                    } catch (Exception e) {
                        context.log()
                                .warn("[Chaos]: A round failed, the next one comes in " + interval.toSeconds() + "s: "
                                        + e.getMessage());
                    }
                }
            } catch (InterruptedException e) {
                // reverted
            }
        });
        running.put(context.faultId(), new Running(thread, stop));
    }

    /** Stops the fault's rounds and waits for a round under way to end. */
    void stop(String faultId) throws InterruptedException {
        Running rounds = running.remove(faultId);
        if (rounds != null) {
            rounds.stop().countDown();
            rounds.thread().join(Duration.ofSeconds(30));
        }
    }
}
