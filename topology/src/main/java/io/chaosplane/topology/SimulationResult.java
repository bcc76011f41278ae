package io.chaosplane.topology;

import java.util.List;
import java.util.Map;

/**
 * What a failure does: each affected component once, in the wave in which it reached its final state.
 *
 * @param states every component that ended degraded or down, root included
 * @param totalAffected the components other than the root that ended degraded or down
 * @param blastRadius the root's impact on the others: (down + ½ degraded) ÷ (N − 1), 0 to 1
 * @param riskScore the share of the whole system impaired, root included, on a scale of 0 to 10
 */
public record SimulationResult(
        String rootCause,
        List<Wave> waves,
        Map<String, Health> states,
        int totalAffected,
        double blastRadius,
        double riskScore,
        String recoveryTimeEstimate) {

    public record Wave(int wave, List<Impact> components) {}

    public record Impact(String id, Health health, String reason) {}

    public Health stateOf(String id) {
        return states.getOrDefault(id, Health.HEALTHY);
    }

    /** The components other than the root that ended down. */
    public long othersDown() {
        return states.entrySet().stream()
                .filter(entry -> !entry.getKey().equals(rootCause) && entry.getValue() == Health.DOWN)
                .count();
    }
}
