package io.chaosplane.topology;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The estimated availability of a topology, with independent failures:
 *
 * <ul>
 *   <li>an instance is unavailable with q = (1 − {@value #INSTANCE_AVAILABILITY}) · (1 + the share of the
 *       component's measured runs that failed);
 *   <li>a component of r replicas is up unless all are lost, A = 1 − q^r (replicas in parallel); failover adds the
 *       standby as one more, 1 − q^(r+1); one that is overloaded when it loses an instance (utilization · r ÷ (r − 1)
 *       above 100 % without autoscaling) is down when any is lost, A = (1 − q)^r;
 *   <li>a component needs what it reaches through hard edges, and soft edges to a target without a circuit breaker
 *       (the edges along which the simulation spreads "down"): its closure, in series;
 *   <li>the system is up when every entry point (a component nobody calls; every component when all are called) and
 *       its closure is up: A = the product of A over the union of their closures, each component counted once.
 * </ul>
 */
public final class Availability {

    /** One instance's availability before measurements: two nines, a common figure for a single VM or pod. */
    public static final double INSTANCE_AVAILABILITY = 0.99;

    private final Topology topology;
    private final Map<String, RunOutcomes> measured;
    private final Map<String, Set<String>> callers = new HashMap<>();
    private final Map<String, List<Dependency>> outgoing = new HashMap<>();
    private Set<String> criticalPath;

    private Availability(Topology topology, Map<String, RunOutcomes> measured) {
        this.topology = topology;
        this.measured = Map.copyOf(measured);
        for (Dependency edge : topology.dependencies()) {
            callers.computeIfAbsent(edge.target(), k -> new TreeSet<>()).add(edge.source());
            outgoing.computeIfAbsent(edge.source(), k -> new ArrayList<>()).add(edge);
        }
    }

    public static Availability of(Topology topology, Map<String, RunOutcomes> measured) {
        return new Availability(topology, measured);
    }

    public Topology topology() {
        return topology;
    }

    public Map<String, RunOutcomes> measured() {
        return measured;
    }

    /** The same measurements over a changed graph. */
    public Availability with(Topology changed) {
        return new Availability(changed, measured);
    }

    /** One instance's unavailability, q. */
    public double instanceFailure(String id) {
        return (1 - INSTANCE_AVAILABILITY)
                * (1 + measured.getOrDefault(id, RunOutcomes.NONE).failedShare());
    }

    /** Whether losing one of its instances overloads the rest (the simulation then calls it down). */
    public static boolean overloadedOnLoss(Component c) {
        return c.replicas() >= 2
                && c.utilization() != null
                && !c.autoscaling()
                && c.utilization() * c.replicas() / (c.replicas() - 1) > 100;
    }

    /** The component's own availability, without what it depends on. */
    public double own(String id) {
        return own(topology.component(id).orElseThrow(() -> new IllegalArgumentException("no component " + id)));
    }

    /** The availability a component of this graph would have with these settings (a what-if of one component). */
    public double own(Component c) {
        double q = instanceFailure(c.id());
        if (overloadedOnLoss(c)) {
            return Math.pow(1 - q, c.replicas());
        }
        return 1 - Math.pow(q, c.replicas() + (c.failover() ? 1 : 0));
    }

    /** Components nobody calls, where traffic enters; every component when each one is called. */
    public List<String> entryPoints() {
        List<String> entries = topology.components().stream()
                .map(Component::id)
                .filter(id -> !callers.containsKey(id))
                .sorted()
                .toList();
        return entries.isEmpty()
                ? topology.components().stream().map(Component::id).sorted().toList()
                : entries;
    }

    /** The component and what it cannot work without: the closure along edges that carry "down". */
    public Set<String> closure(String id) {
        return closure(List.of(id));
    }

    private Set<String> closure(List<String> starts) {
        Set<String> seen = new TreeSet<>();
        Deque<String> todo = new ArrayDeque<>(starts);
        while (!todo.isEmpty()) {
            String at = todo.pop();
            if (!seen.add(at)) {
                continue;
            }
            for (Dependency edge : outgoing.getOrDefault(at, List.of())) {
                if (carriesDown(edge)) {
                    todo.push(edge.target());
                }
            }
        }
        return seen;
    }

    private boolean carriesDown(Dependency edge) {
        return switch (edge.type()) {
            case HARD -> true;
            case SOFT -> !topology.component(edge.target()).orElseThrow().circuitBreaker();
            case ASYNC -> false;
        };
    }

    /** The components the system needs: the union of the entry points' closures. */
    public Set<String> criticalPath() {
        if (criticalPath == null) {
            criticalPath = java.util.Collections.unmodifiableSet(closure(entryPoints()));
        }
        return criticalPath;
    }

    /** The system's availability, 1 for an empty graph. */
    public double system() {
        double product = 1;
        for (String id : criticalPath()) {
            product *= own(id);
        }
        return product;
    }

    /** −log10(1 − A): 0.999 is 3 nines; null for a certain 1 (nothing can fail). */
    public static Double nines(double availability) {
        return availability >= 1 ? null : -Math.log10(1 - availability);
    }
}
