package io.chaosplane.controlplane.stopcondition;

/**
 * What one check of a stop condition saw: it passed, it failed (the system under test is hurt), or it could not be
 * made (unreachable, a query error), which counts as {@link StopCondition#onError()} says.
 */
record Observation(Kind kind, String seen) {

    enum Kind {
        PASSED,
        FAILED,
        ERROR
    }

    static Observation passed(String seen) {
        return new Observation(Kind.PASSED, seen);
    }

    static Observation failed(String seen) {
        return new Observation(Kind.FAILED, seen);
    }

    static Observation error(String seen) {
        return new Observation(Kind.ERROR, seen);
    }
}
