package io.chaosplane.topology;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What each component's failure costs a year: its expected downtime, (1 − its own availability) · 8760 hours,
 * times the share of traffic its failure takes down, times the revenue per hour. The share comes from the
 * simulation of its outage (all its instances lost; a standby's failover is already counted in its availability, so
 * not again): the entry points (where traffic arrives, equally weighted) down count 1, degraded ½.
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
        List<String> entries = availability.entryPoints();
        List<Line> lines = new ArrayList<>();
        for (Component c : availability.topology().components()) {
            lines.add(line(availability, c, entries, revenuePerHour));
        }
        lines.sort(Comparator.comparingDouble(Line::costPerYear).reversed().thenComparing(Line::component));
        return lines;
    }

    private static Line line(Availability availability, Component c, List<String> entries, double revenuePerHour) {
        double own = availability.own(c);
        double downtime = (1 - own) * HOURS_PER_YEAR;
        // the share its outage takes down: the standby is already in its downtime, so the outage is a real one
        Topology down = c.failover()
                ? availability.topology().modified(Map.of(c.id(), new Modification(null, null, false, null)))
                : availability.topology();
        SimulationResult failure = down.simulateFailure(c.id());
        double share = entries.stream()
                        .mapToDouble(entry -> failure.stateOf(entry).weight())
                        .sum()
                / entries.size();
        return new Line(c.id(), own, downtime, share, downtime * share * revenuePerHour);
    }

    public static double total(List<Line> lines) {
        return lines.stream().mapToDouble(Line::costPerYear).sum();
    }

    /**
     * For every component, the candidate change to it that lowers the total most; the {@code limit} that save most,
     * ties by component id.
     */
    public static List<Fix> topFixes(Availability availability, double revenuePerHour, int limit) {
        List<Line> lines = lines(availability, revenuePerHour);
        double before = total(lines);
        Map<String, Line> byId = new HashMap<>();
        lines.forEach(line -> byId.put(line.component(), line));
        List<String> entries = availability.entryPoints();
        List<Fix> best = new ArrayList<>();
        Fix current = null;
        for (Advisor.Change change : byComponent(Advisor.candidates(availability.topology()))) {
            if (current != null && !current.component().equals(change.component())) {
                best.add(current);
                current = null;
            }
            double after =
                    totalAfter(availability, change, before, byId.get(change.component()), entries, revenuePerHour);
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

    /**
     * The total with one change. Replicas and autoscaling change only the component's own availability (losing all
     * its instances spreads as before); failover also changes what its own loss does; a circuit breaker changes
     * what the loss of anything behind it does, so every line is computed again.
     */
    private static double totalAfter(
            Availability availability,
            Advisor.Change change,
            double before,
            Line line,
            List<String> entries,
            double revenuePerHour) {
        Component component =
                availability.topology().component(change.component()).orElseThrow();
        Component changed = change.modification().applyTo(component);
        return switch (change.kind()) {
            case ADD_REPLICAS, AUTOSCALING -> {
                double downtime = (1 - availability.own(changed)) * HOURS_PER_YEAR;
                yield before - line.costPerYear() + downtime * line.trafficShare() * revenuePerHour;
            }
            case FAILOVER -> {
                Availability modified = availability.with(
                        availability.topology().modified(Map.of(change.component(), change.modification())));
                yield before
                        - line.costPerYear()
                        + line(modified, changed, entries, revenuePerHour).costPerYear();
            }
            case CIRCUIT_BREAKER ->
                total(lines(
                        availability.with(
                                availability.topology().modified(Map.of(change.component(), change.modification()))),
                        revenuePerHour));
        };
    }

    private static List<Advisor.Change> byComponent(List<Advisor.Change> changes) {
        return changes.stream()
                .sorted(Comparator.comparing(Advisor.Change::component)
                        .thenComparing(change -> change.kind().ordinal()))
                .toList();
    }
}
