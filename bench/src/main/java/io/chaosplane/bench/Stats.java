package io.chaosplane.bench;

import java.util.Arrays;

/** Percentiles of a sample of durations, in milliseconds. */
record Stats(double p50, double p90, double p99, double max, int count) {

    static Stats ofNanos(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return new Stats(
                millis(sorted, 0.50),
                millis(sorted, 0.90),
                millis(sorted, 0.99),
                sorted[sorted.length - 1] / 1e6,
                sorted.length);
    }

    private static double millis(long[] sorted, double quantile) {
        int index = (int) Math.ceil(quantile * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(index, sorted.length - 1))] / 1e6;
    }

    @Override
    public String toString() {
        return "p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms (n=%d)".formatted(p50, p90, p99, max, count);
    }
}
