package io.chaosplane.topology;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Each component's risk on five dimensions, each 0 (no risk) to 1, weighed into one {@code risk_score} of 0 to 100:
 *
 * <pre>
 * risk_score = 100 · (0.35 · blast_radius + 0.20 · spof + 0.15 · utilization + 0.15 · run_coverage + 0.15 · run_failures)
 * </pre>
 *
 * blast_radius is its impact when one instance is lost (as the resilience score counts it); spof 1 for a SPOF;
 * utilization its per cent ÷ 100, capped at 1, ½ while unknown (not known to be safe); run_coverage
 * 1 − min(runs, 5) ÷ 5, so an untested component counts fully and five runs in the window cover it; run_failures
 * the share of those runs that failed. Zones: red from 60, amber from 30, green below. Hotspots: the red and amber
 * components, riskiest first (ties by id), at most {@value #MAX_HOTSPOTS}.
 */
public record RiskHeatmap(List<Cell> cells, List<String> hotspots) {

    public static final double BLAST_WEIGHT = 0.35;
    public static final double SPOF_WEIGHT = 0.20;
    public static final double UTILIZATION_WEIGHT = 0.15;
    public static final double COVERAGE_WEIGHT = 0.15;
    public static final double FAILURE_WEIGHT = 0.15;
    /** Runs in the window after which a component counts as covered. */
    public static final int COVERED_AT = 5;

    public static final int MAX_HOTSPOTS = 5;

    public static final String FORMULA = "risk_score = 100 · (0.35 · blast_radius + 0.20 · spof + 0.15 · utilization"
            + " + 0.15 · run_coverage + 0.15 · run_failures), each dimension 0 to 1: blast_radius the impact of losing"
            + " one instance; spof 1 for a SPOF; utilization per cent ÷ 100 capped at 1, 0.5 while unknown;"
            + " run_coverage 1 − min(runs, 5) ÷ 5; run_failures the share of those runs that failed. Zones: red ≥ 60,"
            + " amber ≥ 30, green below.";

    public enum Zone {
        GREEN,
        AMBER,
        RED;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Zone of(double riskScore) {
            if (riskScore >= 60) {
                return RED;
            }
            return riskScore >= 30 ? AMBER : GREEN;
        }
    }

    public record Dimensions(
            double blastRadius, double spof, double utilization, double runCoverage, double runFailures) {}

    public record Cell(
            String id,
            String name,
            String type,
            Dimensions dimensions,
            RunOutcomes runs,
            double riskScore,
            Zone zone) {}

    /**
     * @param runs each component's finished runs in the window (those of the experiments that targeted it)
     */
    public static RiskHeatmap of(Topology topology, Map<String, RunOutcomes> runs) {
        Assessment assessment = topology.assess();
        List<Cell> cells = new ArrayList<>();
        for (Component c : topology.components()) {
            Assessment.ComponentRisk risk = assessment.risk(c.id());
            RunOutcomes outcomes = runs.getOrDefault(c.id(), RunOutcomes.NONE);
            Dimensions d = new Dimensions(
                    risk.impact(),
                    risk.spof() ? 1 : 0,
                    c.utilization() == null ? 0.5 : Math.min(c.utilization(), 100) / 100,
                    1 - (double) Math.min(outcomes.total(), COVERED_AT) / COVERED_AT,
                    outcomes.failedShare());
            double score = Scores.round(
                    100
                            * (BLAST_WEIGHT * d.blastRadius()
                                    + SPOF_WEIGHT * d.spof()
                                    + UTILIZATION_WEIGHT * d.utilization()
                                    + COVERAGE_WEIGHT * d.runCoverage()
                                    + FAILURE_WEIGHT * d.runFailures()),
                    1);
            cells.add(new Cell(c.id(), c.name(), c.type(), d, outcomes, score, Zone.of(score)));
        }
        List<String> hotspots = cells.stream()
                .filter(cell -> cell.zone() != Zone.GREEN)
                .sorted(Comparator.comparingDouble(Cell::riskScore).reversed().thenComparing(Cell::id))
                .limit(MAX_HOTSPOTS)
                .map(Cell::id)
                .toList();
        return new RiskHeatmap(List.copyOf(cells), hotspots);
    }
}
