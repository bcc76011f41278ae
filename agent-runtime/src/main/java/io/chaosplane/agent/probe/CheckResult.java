package io.chaosplane.agent.probe;

/** The outcome of one attempt of a probe, with a description fit for the probe status and the log. */
public record CheckResult(boolean passed, String description) {

    public static CheckResult pass(String description) {
        return new CheckResult(true, description);
    }

    public static CheckResult fail(String description) {
        return new CheckResult(false, description);
    }
}
