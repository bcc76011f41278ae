package io.chaosplane.agent.remote;

import java.time.Clock;
import java.time.Duration;

/**
 * Retry and circuit-breaker settings of one remote peer.
 *
 * @param attempts tries of a retried call, the first included
 * @param firstBackoff wait before the second try; doubled before each further try
 * @param failureRatePercent failure rate over the last {@code window} calls that opens the circuit
 * @param minimumCalls calls the breaker needs before it judges
 * @param openFor how long an open circuit refuses calls before letting a few through
 * @param halfOpenCalls trial calls that decide whether the circuit closes again
 * @param clock the breaker's clock, controllable in tests
 */
public record ResilienceSettings(
        int attempts,
        Duration firstBackoff,
        int failureRatePercent,
        int window,
        int minimumCalls,
        Duration openFor,
        int halfOpenCalls,
        Clock clock) {

    public static ResilienceSettings defaults(Clock clock) {
        return new ResilienceSettings(3, Duration.ofMillis(500), 50, 10, 5, Duration.ofSeconds(30), 2, clock);
    }
}
