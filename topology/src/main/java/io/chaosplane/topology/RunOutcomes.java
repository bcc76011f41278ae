package io.chaosplane.topology;

/**
 * What the project's finished chaos runs about one component measured: how many held up and how many did not.
 * Aborted and stopped runs count as neither.
 */
public record RunOutcomes(int passed, int failed) {

    public static final RunOutcomes NONE = new RunOutcomes(0, 0);

    public RunOutcomes {
        if (passed < 0 || failed < 0) {
            throw new IllegalArgumentException("run counts must be 0 or more");
        }
    }

    public int total() {
        return passed + failed;
    }

    /** The share of runs that failed, 0 without runs. */
    public double failedShare() {
        return total() == 0 ? 0 : (double) failed / total();
    }

    public RunOutcomes plus(RunOutcomes other) {
        return new RunOutcomes(passed + other.passed, failed + other.failed);
    }
}
