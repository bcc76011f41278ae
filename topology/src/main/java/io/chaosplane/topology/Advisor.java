package io.chaosplane.topology;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Architecture advice: changes chosen greedily, each the one that raises the estimated {@link Availability} most
 * on the graph the earlier ones left, until the target is reached or no change helps. Ties go to the kind listed
 * first in {@link Kind}, then to the component id, so that the same graph gets the same answer.
 */
public final class Advisor {

    /** Replicas beyond this are not advised: past it, another replica buys little and costs as much. */
    public static final int MAX_REPLICAS = 5;

    /** A limit on the list's length, so that a far target answers quickly. */
    public static final int MAX_STEPS = 30;

    /** Types that hold state, for which a standby (failover) is the usual remedy. */
    public static final Set<String> STATEFUL_TYPES =
            Set.of("database", "db", "cache", "queue", "storage", "datastore", "broker", "search", "stream");

    public enum Kind {
        ADD_REPLICAS,
        FAILOVER,
        CIRCUIT_BREAKER,
        AUTOSCALING;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One change to one component; {@code modification} holds the values the what-if endpoint takes. */
    public record Change(String component, Kind kind, Modification modification, String description) {}

    public record Step(int rank, Change change, double availabilityAfter, Double ninesAfter) {}

    /**
     * @param modifications every step's modification merged per component: the whole advice as one what-if body
     */
    public record Advice(
            double availability,
            Double nines,
            double targetNines,
            boolean reached,
            List<Step> steps,
            double finalAvailability,
            Double finalNines,
            String reason,
            Map<String, Modification> modifications) {}

    private Advisor() {}

    public static Advice advise(Availability start, double targetNines) {
        if (!(targetNines > 0 && targetNines <= 6)) {
            throw new IllegalArgumentException("target_nines must be above 0 and at most 6");
        }
        double initial = start.system();
        Availability current = start;
        double availability = initial;
        List<Step> steps = new ArrayList<>();
        Map<String, Modification> merged = new LinkedHashMap<>();
        while (!reached(availability, targetNines) && steps.size() < MAX_STEPS) {
            Candidate best = null;
            Set<String> critical = current.criticalPath();
            for (Change change : candidates(current.topology())) {
                // a component off the critical path cannot change the estimate, and a circuit breaker can only
                // matter on a target the path reaches through a soft edge
                if (!critical.contains(change.component())) {
                    continue;
                }
                Candidate trial = trial(current, availability, change);
                if (trial.value > availability + 1e-15 && (best == null || trial.value > best.value + 1e-15)) {
                    best = trial;
                }
            }
            if (best == null) {
                break;
            }
            best = apply(current, best);
            current = best.result;
            availability = best.value;
            steps.add(new Step(steps.size() + 1, best.change, availability, Availability.nines(availability)));
            merged.merge(best.change.component(), best.change.modification(), Advisor::merge);
        }
        boolean reached = reached(availability, targetNines);
        return new Advice(
                initial,
                Availability.nines(initial),
                targetNines,
                reached,
                List.copyOf(steps),
                availability,
                Availability.nines(availability),
                reason(reached, steps, targetNines, availability),
                merged);
    }

    private record Candidate(Change change, Availability result, double value) {}

    /**
     * The estimate with one change. A circuit breaker changes which edges carry "down", so the graph is evaluated
     * again; the other changes alter only the component's own availability, one factor of the product.
     */
    private static Candidate trial(Availability current, double system, Change change) {
        if (change.kind() == Kind.CIRCUIT_BREAKER) {
            Availability changed =
                    current.with(current.topology().modified(Map.of(change.component(), change.modification())));
            return new Candidate(change, changed, changed.system());
        }
        Component before = current.topology().component(change.component()).orElseThrow();
        double ownBefore = current.own(before);
        double ownAfter = current.own(change.modification().applyTo(before));
        double value = ownBefore > 1e-300 ? system / ownBefore * ownAfter : -1;
        if (value < 0) {
            Availability changed =
                    current.with(current.topology().modified(Map.of(change.component(), change.modification())));
            return new Candidate(change, changed, changed.system());
        }
        return new Candidate(change, null, value);
    }

    private static Candidate apply(Availability current, Candidate chosen) {
        if (chosen.result != null) {
            return chosen;
        }
        Availability changed = current.with(
                current.topology().modified(Map.of(chosen.change.component(), chosen.change.modification())));
        return new Candidate(chosen.change, changed, changed.system());
    }

    private static boolean reached(double availability, double targetNines) {
        Double nines = Availability.nines(availability);
        // a rounding hair below the target (3.9999999 for 4) counts as reached, as the figures show it
        return nines == null || nines >= targetNines - 1e-9;
    }

    private static String reason(boolean reached, List<Step> steps, double target, double availability) {
        if (reached && steps.isEmpty()) {
            return "the estimate already meets the target of " + target + " nines";
        }
        if (reached) {
            return steps.size() + " change(s) reach the target of " + target + " nines";
        }
        if (steps.size() >= MAX_STEPS) {
            return "stopped after " + MAX_STEPS + " changes at " + format(availability) + "; the target of " + target
                    + " nines needs more than this list holds";
        }
        return "best reachable is " + format(availability) + ": no further change raises the estimate (every"
                + " component the system needs is at " + MAX_REPLICAS + " replicas or protected as far as"
                + " replicas, failover, circuit breakers and autoscaling go); the remaining unavailability comes"
                + " from the number of components in series and their measured run failures";
    }

    private static String format(double availability) {
        Double nines = Availability.nines(availability);
        return String.format(Locale.ROOT, "%.6f%%", availability * 100)
                + (nines == null ? "" : String.format(Locale.ROOT, " (%.2f nines)", nines));
    }

    /** Every change the advice may pick on this graph, in a fixed order. */
    public static List<Change> candidates(Topology topology) {
        Map<String, Boolean> softTargets = new LinkedHashMap<>();
        topology.dependencies().stream()
                .filter(edge -> edge.type() == DependencyType.SOFT)
                .forEach(edge -> softTargets.put(edge.target(), true));
        List<Change> changes = new ArrayList<>();
        for (Component c : topology.components()) {
            int r = c.replicas();
            if (r < MAX_REPLICAS) {
                boolean needsScaling =
                        c.utilization() != null && !c.autoscaling() && c.utilization() * (r + 1) / r > 100;
                changes.add(new Change(
                        c.id(),
                        Kind.ADD_REPLICAS,
                        new Modification(r + 1, null, null, needsScaling ? Boolean.TRUE : null),
                        "add a replica to " + c.id() + " (" + r + " → " + (r + 1) + ")"
                                + (needsScaling
                                        ? " with autoscaling, since the others could not carry its load"
                                        : "")));
            }
            if (!c.failover() && STATEFUL_TYPES.contains(c.type().toLowerCase(Locale.ROOT))) {
                changes.add(new Change(
                        c.id(),
                        Kind.FAILOVER,
                        new Modification(null, null, Boolean.TRUE, null),
                        "give the stateful " + c.id() + " a standby that takes over (failover)"));
            }
            if (!c.circuitBreaker() && softTargets.containsKey(c.id())) {
                changes.add(new Change(
                        c.id(),
                        Kind.CIRCUIT_BREAKER,
                        new Modification(null, Boolean.TRUE, null, null),
                        "put a circuit breaker in front of " + c.id()
                                + " so that its soft callers fail fast instead of hanging"));
            }
            if (Availability.overloadedOnLoss(c)) {
                changes.add(new Change(
                        c.id(),
                        Kind.AUTOSCALING,
                        new Modification(null, null, null, Boolean.TRUE),
                        "enable autoscaling on " + c.id() + ": losing one of its " + r
                                + " replicas overloads the others"));
            }
        }
        changes.sort(
                Comparator.comparing((Change change) -> change.kind().ordinal()).thenComparing(Change::component));
        return changes;
    }

    private static Modification merge(Modification a, Modification b) {
        return new Modification(
                b.replicas() != null ? b.replicas() : a.replicas(),
                b.circuitBreaker() != null ? b.circuitBreaker() : a.circuitBreaker(),
                b.failover() != null ? b.failover() : a.failover(),
                b.autoscaling() != null ? b.autoscaling() : a.autoscaling());
    }
}
