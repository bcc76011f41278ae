package io.chaosplane.controlplane.run;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * A run's fault counts and resiliency score.
 *
 * <p>The score is the weighted mean of the probe success percentages of the faults that were judged:
 * {@code score = Σ(weight × probeSuccess) / Σ weight}, over faults whose verdict is Pass, Fail or N/A. A passed fault
 * without a reported percentage counts 100, a failed one 0, a fault that could not be judged (error, lost agent)
 * 0. Stopped and still awaited faults are left out; with no judged fault there is no score yet.
 */
record Tally(int passed, int failed, int awaited, int stopped, int notApplicable, BigDecimal score) {

    static Tally of(List<FaultRow> faults) {
        int passed = 0;
        int failed = 0;
        int awaited = 0;
        int stopped = 0;
        int notApplicable = 0;
        long weights = 0;
        BigDecimal weighted = BigDecimal.ZERO;
        for (FaultRow fault : faults) {
            BigDecimal success;
            switch (fault.verdict()) {
                case Pass -> {
                    passed++;
                    success = fault.probeSuccessPercentage() != null
                            ? fault.probeSuccessPercentage()
                            : BigDecimal.valueOf(100);
                }
                case Fail -> {
                    failed++;
                    success = fault.probeSuccessPercentage() != null ? fault.probeSuccessPercentage() : BigDecimal.ZERO;
                }
                case NotApplicable -> {
                    notApplicable++;
                    success = BigDecimal.ZERO;
                }
                case Stopped -> {
                    stopped++;
                    continue;
                }
                default -> {
                    awaited++;
                    continue;
                }
            }
            weights += fault.weight();
            weighted = weighted.add(success.multiply(BigDecimal.valueOf(fault.weight())));
        }
        BigDecimal score = weights == 0 ? null : weighted.divide(BigDecimal.valueOf(weights), 2, RoundingMode.HALF_UP);
        return new Tally(passed, failed, awaited, stopped, notApplicable, score);
    }
}
