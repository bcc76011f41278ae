package io.chaosplane.controlplane.run;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * Dispatch's figures for Prometheus ({@code /actuator/prometheus}): how long a queued task waits until an agent
 * claims it, how many tasks are claimed, and what the merge window did with each wake-up across replicas.
 */
final class DispatchMetrics implements MergeWindow.Counts {

    private final Timer handoff;
    private final Counter claims;
    private final Counter wakeupsSent;
    private final Counter wakeupsMerged;

    DispatchMetrics(MeterRegistry registry) {
        this.handoff = Timer.builder("chaosplane.dispatch.handoff")
                .description("from a task queued to its claim by the agent's poll")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
        this.claims = Counter.builder("chaosplane.dispatch.claims")
                .description("tasks handed to agents by their polls")
                .register(registry);
        this.wakeupsSent = Counter.builder("chaosplane.dispatch.wakeups.sent")
                .description("NOTIFYs sent to wake polls on other replicas")
                .register(registry);
        this.wakeupsMerged = Counter.builder("chaosplane.dispatch.wakeups.merged")
                .description("changes merged into a NOTIFY sent when their window ends")
                .register(registry);
    }

    /** A task claimed, queued {@code waited} ago (never negative: the replicas' clocks may differ a little). */
    void claimed(Duration waited) {
        claims.increment();
        handoff.record(waited.isNegative() ? Duration.ZERO : waited);
    }

    @Override
    public void sent() {
        wakeupsSent.increment();
    }

    @Override
    public void merged() {
        wakeupsMerged.increment();
    }
}
