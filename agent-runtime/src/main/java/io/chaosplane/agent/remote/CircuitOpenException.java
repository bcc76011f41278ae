package io.chaosplane.agent.remote;

/** Marker cause of a {@link RemoteException} refused by an open circuit breaker, so that retries skip it. */
final class CircuitOpenException extends RuntimeException {

    CircuitOpenException(String message) {
        super(message, null, false, false);
    }
}
