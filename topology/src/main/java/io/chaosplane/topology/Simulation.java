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
 * The failure simulation, breadth first from the root in waves. Only a down component spreads; a state only
 * worsens, so every component changes at most twice and cycles end; each one is reported once, in the wave of
 * its final state.
 */
final class Simulation {

    private final ImpactIndex index;
    private final byte[] states;
    private final int[] waveOf;
    /** The down component whose edge set the state, or -1 for a root struck directly. */
    private final int[] causeOf;

    private final byte[] causeType;
    private final int[] touched;
    private int touchedCount;
    private final Map<Integer, String> rootReasons = new HashMap<>();

    private Simulation(Topology topology) {
        this.index = topology.index();
        int n = index.size();
        this.states = new byte[n];
        this.waveOf = new int[n];
        this.causeOf = new int[n];
        this.causeType = new byte[n];
        this.touched = new int[n];
    }

    static SimulationResult run(Topology topology, Component root, int replicasLost) {
        if (replicasLost < 1) {
            throw new IllegalArgumentException("at least one replica must be lost");
        }
        return new Simulation(topology).spread(root, replicasLost);
    }

    /**
     * Several components struck at once, as a regional or provider outage strikes them: each is a root in wave 0,
     * judged as a single root is, and the cascade spreads from all the down ones together.
     */
    static Outage runAll(Topology topology, Map<Component, Integer> lost) {
        if (lost.values().stream().anyMatch(count -> count < 1)) {
            throw new IllegalArgumentException("at least one replica must be lost");
        }
        Simulation simulation = new Simulation(topology);
        simulation.cascade(lost);
        return new Outage(simulation.waves(), simulation.stateMap());
    }

    private SimulationResult spread(Component root, int replicasLost) {
        cascade(Map.of(root, replicasLost));
        return result(root);
    }

    private void cascade(Map<Component, Integer> roots) {
        int[] frontier = new int[index.size()];
        int[] size = {0};
        roots.entrySet().stream()
                .sorted(Map.Entry.comparingByKey(Comparator.comparing(Component::id)))
                .forEach(entry -> {
                    Outcome start = rootOutcome(entry.getKey(), entry.getValue());
                    int at = index.indexOf.get(entry.getKey().id());
                    byte health = ImpactIndex.code(start.health());
                    if (health > states[at]) {
                        worsen(at, health, 0, -1, (byte) 0);
                        rootReasons.put(at, start.reason());
                    }
                    if (start.health() == Health.DOWN) {
                        frontier[size[0]++] = at;
                    }
                });
        spreadFrom(frontier, size[0]);
    }

    /** Wave by wave: a caller reached is judged by the edge's type; the ones that went down spread next. */
    private void spreadFrom(int[] roots, int count) {
        int[] frontier = roots;
        int size = count;
        int[] next = new int[index.size()];
        int wave = 0;
        while (size > 0) {
            wave++;
            int nextSize = 0;
            for (int f = 0; f < size; f++) {
                int failed = frontier[f];
                for (int at = index.callerStart[failed]; at < index.callerStart[failed + 1]; at++) {
                    int caller = index.callers[at];
                    byte health = index.effect(index.edgeType[at], failed);
                    if (health > states[caller]) {
                        worsen(caller, health, wave, failed, index.edgeType[at]);
                        if (health == ImpactIndex.DOWN) {
                            next[nextSize++] = caller;
                        }
                    }
                }
            }
            int[] swap = frontier;
            frontier = next;
            next = swap.length == index.size() ? swap : new int[index.size()];
            size = nextSize;
        }
    }

    private void worsen(int component, byte health, int wave, int cause, byte type) {
        if (states[component] == ImpactIndex.HEALTHY) {
            touched[touchedCount++] = component;
        }
        states[component] = health;
        waveOf[component] = wave;
        causeOf[component] = cause;
        causeType[component] = type;
    }

    private String reasonOf(int component) {
        if (causeOf[component] < 0) {
            return rootReasons.get(component);
        }
        DependencyType type = DependencyType.values()[causeType[component]];
        return reason(type, index.components.get(causeOf[component]));
    }

    private Map<String, Health> stateMap() {
        Map<String, Health> map = new HashMap<>(touchedCount * 2);
        for (int i = 0; i < touchedCount; i++) {
            int c = touched[i];
            map.put(index.components.get(c).id(), ImpactIndex.health(states[c]));
        }
        return Map.copyOf(map);
    }

    /** A component's state when it loses {@code lost} instances, as {@link #rootOutcome} judges it. */
    static Health rootHealth(Component root, int lost) {
        int replicas = root.replicas();
        if (lost >= replicas) {
            return root.failover() ? Health.DEGRADED : Health.DOWN;
        }
        if (root.utilization() == null) {
            return Health.DEGRADED;
        }
        double load = root.utilization() * replicas / (replicas - lost);
        return load <= 100 || root.autoscaling() ? Health.DEGRADED : Health.DOWN;
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
        for (int i = 0; i < touchedCount; i++) {
            int c = touched[i];
            byWave.computeIfAbsent(waveOf[c], w -> new ArrayList<>())
                    .add(new Impact(index.components.get(c).id(), ImpactIndex.health(states[c]), reasonOf(c)));
        }
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
        int n = index.size();
        int rootAt = index.indexOf.get(root.id());
        double others = 0;
        for (int i = 0; i < touchedCount; i++) {
            int c = touched[i];
            if (c != rootAt) {
                others += ImpactIndex.health(states[c]).weight();
            }
        }
        double blast = n <= 1 ? 0 : others / (n - 1);
        double risk = 10 * (others + ImpactIndex.health(states[rootAt]).weight()) / n;
        return new SimulationResult(
                root.id(), waves, stateMap(), touchedCount - 1, blast, risk, recoveryEstimate(waves));
    }

    /** Longer the deeper the cascade goes, since each wave is restored only after the one it waits on. */
    static String recoveryEstimate(List<Wave> waves) {
        boolean anyDown = waves.stream()
                .flatMap(wave -> wave.components().stream())
                .anyMatch(impact -> impact.health() == Health.DOWN);
        if (!anyDown) {
            return "1-5 minutes";
        }
        int depth = waves.getLast().wave();
        return switch (depth) {
            case 0, 1 -> "5-15 minutes";
            case 2 -> "15-30 minutes";
            case 3 -> "30-60 minutes";
            default -> "1-2 hours";
        };
    }
}
