package io.chaosplane.agent.k8s.target;

/** The targets name nothing this fault can hit, or something this runner may not touch. */
public final class TargetException extends Exception {

    public TargetException(String message) {
        super(message);
    }
}
