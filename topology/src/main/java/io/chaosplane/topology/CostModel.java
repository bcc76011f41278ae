package io.chaosplane.topology;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * What each component's failure costs a year: its expected downtime, (1 − its own availability) · 8760 hours,
 * times the share of traffic its failure takes down, times the revenue per hour. The share comes from the
 * simulation of losing all its instances: the entry points (where traffic arrives, equally weighted) down count
 * 1, degraded ½.
 */
public final class CostModel {

    public static final double HOURS_PER_YEAR = 8760;

    public record Line(
            String component,
            double ownAvailability,
            double downtimeHoursPerYear,
            double trafficShare,
            double costPerYear) {}

    /** A fix for one component: the single change that saves most, and what it saves a year across all components. */
    public record Fix(String component, Advisor.Change change, double costAfter, double savingPerYear) {}

    private CostModel() {}

    public static List<Line> lines(Availability availability, double revenuePerHour) {
        Topology topology = availability.topology();
        List<String> entries = availability.entryPoints();
        List<Line> lines = new ArrayList<>();
        for (Component c : topology.components()) {
            double own = availability.own(c.id());
            double downtime = (1 - own) * HOURS_PER_YEAR;
            SimulationResult failure = topology.simulateFailure(c.id());
            double share = entries.stream()
                            .mapToDouble(entry -> failure.stateOf(entry).weight())
                            .sum()
                    / entries.size();
            lines.add(new Line(c.id(), own, downtime, share, downtime * share * revenuePerHour));
        }
        lines.sort(Comparator.comparingDouble(Line::costPerYear).reversed().thenComparing(Line::component));
        return lines;
    }

    public static double total(List<Line> lines) {
        return lines.stream().mapToDouble(Line::costPerYear).sum();
    }

    /**
     * For every component, the candidate change to it that lowers the total most; the {@code limit} that save most,
     * ties by component id.
     */
    public static List<Fix> topFixes(Availability availability, double revenuePerHour, int limit) {
        double before = total(lines(availability, revenuePerHour));
        List<Fix> best = new ArrayList<>();
        Fix current = null;
        for (Advisor.Change change : byComponent(Advisor.candidates(availability.topology()))) {
            if (current != null && !current.component().equals(change.component())) {
                best.add(current);
                current = null;
            }
            Availability changed = availability.with(
                    availability.topology().modified(Map.of(change.component(), change.modification())));
            double after = total(lines(changed, revenuePerHour));
            double saving = before - after;
            if (saving > 1e-9 && (current == null || saving > current.savingPerYear() + 1e-9)) {
                current = new Fix(change.component(), change, after, saving);
            }
        }
        if (current != null) {
            best.add(current);
        }
        return best.stream()
                .sorted(Comparator.comparingDouble(Fix::savingPerYear)
                        .reversed()
                        .thenComparing(Fix::component))
                .limit(limit)
                .toList();
    }

    private static List<Advisor.Change> byComponent(List<Advisor.Change> changes) {
        return changes.stream()
                .sorted(Comparator.comparing(Advisor.Change::component)
                        .thenComparing(change -> change.kind().ordinal()))
                .toList();
    }
}
