package io.chaosplane.topology;

import io.chaosplane.topology.SimulationResult.Impact;
import io.chaosplane.topology.SimulationResult.Wave;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The simulation as it was before the int-indexed rewrite (hash maps keyed by id, the JGraphT graph's incoming
 * edges), kept only as the reference the rewrite must agree with. The failure simulation, breadth first from the root in waves. Only a down component spreads; a state only
 * worsens, so every component changes at most twice and cycles end; each one is reported once, in the wave of
 * its final state.
 */
final class ReferenceSimulation {

    private final Topology topology;
    private final Map<String, Health> states = new HashMap<>();
    private final Map<String, Integer> waveOf = new HashMap<>();
    private final Map<String, String> reasons = new HashMap<>();

    private ReferenceSimulation(Topology topology) {
        this.topology = topology;
    }

    static SimulationResult run(Topology topology, Component root, int replicasLost) {
        if (replicasLost < 1) {
            throw new IllegalArgumentException("at least one replica must be lost");
        }
        return new ReferenceSimulation(topology).spread(root, replicasLost);
    }

    /**
     * Several components struck at once, as a regional or provider outage strikes them: each is a root in wave 0,
     * judged as a single root is, and the cascade spreads from all the down ones together.
     */
    static Outage runAll(Topology topology, Map<Component, Integer> lost) {
        if (lost.values().stream().anyMatch(count -> count < 1)) {
            throw new IllegalArgumentException("at least one replica must be lost");
        }
        ReferenceSimulation simulation = new ReferenceSimulation(topology);
        simulation.cascade(lost);
        return new Outage(simulation.waves(), Map.copyOf(simulation.states));
    }

    private SimulationResult spread(Component root, int replicasLost) {
        cascade(Map.of(root, replicasLost));
        return result(root);
    }

    private void cascade(Map<Component, Integer> roots) {
        List<String> frontier = new ArrayList<>();
        roots.entrySet().stream()
                .sorted(Map.Entry.comparingByKey(Comparator.comparing(Component::id)))
                .forEach(entry -> {
                    Outcome start = rootOutcome(entry.getKey(), entry.getValue());
                    worsen(entry.getKey().id(), start, 0);
                    if (start.health() == Health.DOWN) {
                        frontier.add(entry.getKey().id());
                    }
                });
        spreadFrom(frontier);
    }

    private void spreadFrom(List<String> roots) {
        List<String> frontier = roots;
        int wave = 0;
        while (!frontier.isEmpty()) {
            wave++;
            List<String> next = new ArrayList<>();
            for (String down : frontier) {
                Component failed = topology.component(down).orElseThrow();
                for (Dependency edge : topology.callersOf(down)) {
                    Health health = effect(edge.type(), failed);
                    // the reason is written only when the state changes: most edges reach a caller already down
                    if (health.isWorseThan(states.getOrDefault(edge.source(), Health.HEALTHY))) {
                        worsen(edge.source(), new Outcome(health, reason(edge.type(), failed)), wave);
                        if (health == Health.DOWN) {
                            next.add(edge.source());
                        }
                    }
                }
            }
            frontier = next;
        }
    }

    /** Sets a worse state, and answers whether it was worse. */
    private boolean worsen(String id, Outcome outcome, int wave) {
        if (!outcome.health().isWorseThan(states.getOrDefault(id, Health.HEALTHY))) {
            return false;
        }
        states.put(id, outcome.health());
        waveOf.put(id, wave);
        reasons.put(id, outcome.reason());
        return true;
    }

    private record Outcome(Health health, String reason) {}

    private static Outcome rootOutcome(Component root, int lost) {
        int replicas = root.replicas();
        if (lost >= replicas) {
            String all = replicas == 1 ? "its only replica lost" : "all " + replicas + " replicas lost";
            return root.failover()
                    ? new Outcome(Health.DEGRADED, all + "; failover took over")
                    : new Outcome(Health.DOWN, all);
        }
        int survivors = replicas - lost;
        String partial = lost + " of " + replicas + " replicas lost";
        if (root.utilization() == null) {
            return new Outcome(
                    Health.DEGRADED,
                    partial + "; utilization unknown, the other " + survivors + " are taken to carry the load");
        }
        double load = root.utilization() * replicas / survivors;
        String carry = String.format(Locale.ROOT, "%.1f%%", load);
        if (load <= 100) {
            return new Outcome(Health.DEGRADED, partial + "; the other " + survivors + " carry " + carry);
        }
        if (root.autoscaling()) {
            return new Outcome(
                    Health.DEGRADED,
                    partial + "; the other " + survivors + " would carry " + carry + ", autoscaling adds capacity");
        }
        return new Outcome(
                Health.DOWN, partial + "; the other " + survivors + " would carry " + carry + ": overloaded");
    }

    private static Health effect(DependencyType type, Component failed) {
        return switch (type) {
            case HARD -> Health.DOWN;
            case SOFT -> failed.circuitBreaker() ? Health.DEGRADED : Health.DOWN;
            case ASYNC -> Health.DEGRADED;
        };
    }

    private static String reason(DependencyType type, Component failed) {
        String on = " dependency on " + failed.id() + " is down";
        return switch (type) {
            case HARD -> "hard" + on;
            case SOFT ->
                failed.circuitBreaker()
                        ? "soft" + on + "; its circuit breaker fails calls fast"
                        : "soft" + on + " and has no circuit breaker: calls hang";
            case ASYNC -> "async" + on + ": its work backs up";
        };
    }

    private List<Wave> waves() {
        Map<Integer, List<Impact>> byWave = new TreeMap<>();
        states.forEach((id, health) -> byWave.computeIfAbsent(waveOf.get(id), w -> new ArrayList<>())
                .add(new Impact(id, health, reasons.get(id))));
        return byWave.entrySet().stream()
                .map(entry -> new Wave(
                        entry.getKey(),
                        entry.getValue().stream()
                                .sorted(Comparator.comparing(Impact::id))
                                .toList()))
                .toList();
    }

    private SimulationResult result(Component root) {
        List<Wave> waves = waves();
        int n = topology.size();
        double others = states.entrySet().stream()
                .filter(entry -> !entry.getKey().equals(root.id()))
                .mapToDouble(entry -> entry.getValue().weight())
                .sum();
        double blast = n <= 1 ? 0 : others / (n - 1);
        double risk = 10 * (others + states.get(root.id()).weight()) / n;
        return new SimulationResult(
                root.id(), waves, Map.copyOf(states), states.size() - 1, blast, risk, recoveryEstimate(waves));
    }

    static String recoveryEstimate(List<Wave> waves) {
        return Simulation.recoveryEstimate(waves);
    }
}
