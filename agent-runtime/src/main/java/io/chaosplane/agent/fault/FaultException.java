package io.chaosplane.agent.fault;

/** Injecting or reverting a fault failed; the task reports it as an error. */
public final class FaultException extends Exception {

    public FaultException(String message, Throwable cause) {
        super(message, cause);
    }
}
