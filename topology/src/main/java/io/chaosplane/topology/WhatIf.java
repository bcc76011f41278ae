package io.chaosplane.topology;

import java.util.List;
import java.util.Map;

/**
 * A what-if: the score and SPOFs of the graph as it is and as it would be with the modifications, nothing
 * stored. {@code delta} is the difference of the two rounded scores, so that it adds up as shown.
 */
public record WhatIf(
        double baselineScore, double resilienceScore, double delta, List<String> spofsBefore, List<String> spofsAfter) {

    public static WhatIf of(Topology baseline, Map<String, Modification> modifications) {
        Assessment before = baseline.assess();
        Assessment after = baseline.modified(modifications).assess();
        double from = before.roundedScore();
        double to = after.roundedScore();
        return new WhatIf(from, to, Scores.round(to - from, 1), before.spofs(), after.spofs());
    }
}
