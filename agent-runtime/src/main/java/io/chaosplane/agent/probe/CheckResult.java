package io.chaosplane.agent.probe;

/** The outcome of one attempt of a probe, with a description fit for the probe status and the log. */
record CheckResult(boolean passed, String description) {

    static CheckResult pass(String description) {
        return new CheckResult(true, description);
    }

    static CheckResult fail(String description) {
        return new CheckResult(false, description);
    }
}
