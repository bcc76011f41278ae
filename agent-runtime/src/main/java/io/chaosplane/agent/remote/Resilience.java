package io.chaosplane.agent.remote;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.util.function.Supplier;

/**
 * Retry with exponential backoff around a circuit breaker, for one remote peer. Only {@link RemoteException.Kind#UNAVAILABLE}
 * failures count against the circuit and are retried: a 4xx says nothing about the peer's health, and an open
 * circuit is not retried (that is the point of it).
 */
final class Resilience {

    private final CircuitBreaker breaker;
    private final Retry retry;

    Resilience(String name, ResilienceSettings settings) {
        this.breaker = CircuitBreaker.of(
                name,
                CircuitBreakerConfig.custom()
                        .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                        .slidingWindowSize(settings.window())
                        .minimumNumberOfCalls(settings.minimumCalls())
                        .failureRateThreshold(settings.failureRatePercent())
                        .waitDurationInOpenState(settings.openFor())
                        .permittedNumberOfCallsInHalfOpenState(settings.halfOpenCalls())
                        .recordException(Resilience::isUnavailable)
                        .clock(settings.clock())
                        .build());
        this.retry = Retry.of(
                name,
                RetryConfig.custom()
                        .maxAttempts(settings.attempts())
                        .intervalFunction(IntervalFunction.ofExponentialBackoff(settings.firstBackoff(), 2.0))
                        .retryOnException(failure ->
                                isUnavailable(failure) && !(failure.getCause() instanceof CircuitOpenException))
                        .build());
    }

    /** Calls through the breaker, retrying when {@code retried}. */
    <T> T call(boolean retried, Supplier<T> call) {
        Supplier<T> guarded = () -> {
            try {
                return breaker.executeSupplier(call);
            } catch (CallNotPermittedException e) {
                throw RemoteException.unavailable(
                        breaker.getName() + " circuit is open", new CircuitOpenException(e.getMessage()));
            }
        };
        return retried ? Retry.decorateSupplier(retry, guarded).get() : guarded.get();
    }

    void run(boolean retried, Runnable call) {
        call(retried, () -> {
            call.run();
            return null;
        });
    }

    CircuitBreaker.State state() {
        return breaker.getState();
    }

    private static boolean isUnavailable(Throwable failure) {
        return failure instanceof RemoteException remote && remote.isUnavailable();
    }
}
