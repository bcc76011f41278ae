package io.chaosplane.topology;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The graph judged one lost instance at a time. {@code resilience_score} = 100 · (1 − mean impact), where a
 * component's impact is (others down + ½ degraded) ÷ (N − 1) when one instance of it is lost; a SPOF is a
 * component whose one lost instance takes it and another component down.
 */
public record Assessment(double resilienceScore, Map<String, ComponentRisk> risks, List<String> spofs) {

    /**
     * @param impact the share of the others impaired when one instance of it is lost, 0 to 1
     * @param ownHealth its own state after losing that instance
     */
    public record ComponentRisk(String id, double impact, Health ownHealth, boolean spof, RiskLevel riskLevel) {}

    public enum RiskLevel {
        LOW,
        MEDIUM,
        HIGH,
        CRITICAL;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        static RiskLevel of(double impact, boolean spof) {
            if (impact >= 0.5) {
                return CRITICAL;
            }
            if (spof || impact >= 0.25) {
                return HIGH;
            }
            return impact > 0 ? MEDIUM : LOW;
        }
    }

    /**
     * One walk per component over the int-indexed graph, its buffers reused from root to root: the same states as
     * {@link Topology#simulateFailure(String, int)} with one instance lost, counted rather than listed.
     */
    static Assessment of(Topology topology) {
        Map<String, ComponentRisk> risks = new LinkedHashMap<>();
        ImpactIndex index = topology.index();
        ImpactIndex.Walker walker = index.walker();
        int n = index.size();
        double total = 0;
        for (int i = 0; i < n; i++) {
            Component component = index.components.get(i);
            Health own = ImpactIndex.health(walker.loseOne(i));
            boolean spof = own == Health.DOWN && walker.othersDown > 0;
            double impact = n <= 1 ? 0 : (walker.othersDown + 0.5 * walker.othersDegraded) / (n - 1);
            total += impact;
            risks.put(component.id(), new ComponentRisk(component.id(), impact, own, spof, RiskLevel.of(impact, spof)));
        }
        double score = topology.size() == 0 ? 100 : 100 * (1 - total / topology.size());
        List<String> spofs = risks.values().stream()
                .filter(ComponentRisk::spof)
                .map(ComponentRisk::id)
                .sorted()
                .toList();
        return new Assessment(score, Map.copyOf(risks), spofs);
    }

    public ComponentRisk risk(String id) {
        ComponentRisk risk = risks.get(id);
        if (risk == null) {
            throw new IllegalArgumentException("no component '" + id + "'");
        }
        return risk;
    }

    /**
     * A hard dependency whose target goes down when it loses one instance: the caller goes down with it.
     */
    public boolean isCritical(Dependency edge) {
        return edge.type() == DependencyType.HARD && risk(edge.target()).ownHealth() == Health.DOWN;
    }

    /** The score rounded to one decimal, as the API shows it. */
    public double roundedScore() {
        return Scores.round(resilienceScore, 1);
    }
}
