package io.chaosplane.topology;

import io.chaosplane.topology.InvalidTopologyException.Problem;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jgrapht.Graph;
import org.jgrapht.graph.builder.GraphTypeBuilder;

/**
 * A project's components and the dependencies between them, as a directed graph whose edges point from a caller
 * to what it calls. Immutable: what-if and imports build a new one.
 */
public final class Topology {

    private final Map<String, Component> components;
    private final List<Dependency> dependencies;
    private final Graph<String, Dependency> graph;
    /** The int-indexed form the simulations walk, built on first use (the topology never changes). */
    private volatile ImpactIndex index;

    private Topology(Map<String, Component> components, List<Dependency> dependencies) {
        this.components = components;
        this.dependencies = dependencies;
        Graph<String, Dependency> built = GraphTypeBuilder.<String, Dependency>directed()
                .allowingMultipleEdges(false)
                .allowingSelfLoops(false)
                .buildGraph();
        components.keySet().forEach(built::addVertex);
        dependencies.forEach(edge -> built.addEdge(edge.source(), edge.target(), edge));
        this.graph = built;
    }

    /**
     * Builds the graph, or names every problem: ids blank or given twice, edges naming an unknown component,
     * pointing at their own source, or given twice.
     */
    public static Topology of(List<Component> components, List<Dependency> dependencies) {
        List<Problem> problems = new ArrayList<>();
        Map<String, Component> byId = new LinkedHashMap<>();
        for (int i = 0; i < components.size(); i++) {
            Component component = components.get(i);
            if (component.id().isBlank()) {
                problems.add(new Problem("components[" + i + "].id", "must not be blank"));
            } else if (byId.putIfAbsent(component.id(), component) != null) {
                problems.add(new Problem("components[" + i + "].id", "'" + component.id() + "' is given twice"));
            }
        }
        Set<String> pairs = new HashSet<>();
        for (int i = 0; i < dependencies.size(); i++) {
            Dependency edge = dependencies.get(i);
            String at = "edges[" + i + "]";
            if (!byId.containsKey(edge.source())) {
                problems.add(new Problem(at + ".source", "no component '" + edge.source() + "'"));
            }
            if (!byId.containsKey(edge.target())) {
                problems.add(new Problem(at + ".target", "no component '" + edge.target() + "'"));
            }
            if (edge.source().equals(edge.target())) {
                problems.add(new Problem(at + ".target", "a component cannot depend on itself"));
            } else if (!pairs.add(edge.source() + "\u0000" + edge.target())) {
                problems.add(new Problem(at, "the edge " + edge.source() + " -> " + edge.target() + " is given twice"));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidTopologyException(problems);
        }
        return new Topology(byId, List.copyOf(dependencies));
    }

    public static Topology empty() {
        return of(List.of(), List.of());
    }

    public List<Component> components() {
        return List.copyOf(components.values());
    }

    public List<Dependency> dependencies() {
        return dependencies;
    }

    public int size() {
        return components.size();
    }

    public Optional<Component> component(String id) {
        return Optional.ofNullable(components.get(id));
    }

    ImpactIndex index() {
        ImpactIndex built = index;
        if (built == null) {
            built = new ImpactIndex(this);
            index = built;
        }
        return built;
    }

    /** The edges {@code D → id}: who calls the component. */
    Set<Dependency> callersOf(String id) {
        return graph.incomingEdgesOf(id);
    }

    /**
     * Simulates the loss of {@code replicasLost} instances of a component (all of them, or more, count as all).
     *
     * @throws IllegalArgumentException for an unknown component or fewer than one replica lost
     */
    public SimulationResult simulateFailure(String componentId, int replicasLost) {
        Component root = component(componentId)
                .orElseThrow(() -> new IllegalArgumentException("no component '" + componentId + "'"));
        return Simulation.run(this, root, replicasLost);
    }

    /** Simulates the loss of every instance of a component. */
    public SimulationResult simulateFailure(String componentId) {
        Component root = component(componentId)
                .orElseThrow(() -> new IllegalArgumentException("no component '" + componentId + "'"));
        return Simulation.run(this, root, root.replicas());
    }

    /**
     * Simulates several components struck at once, each losing the given number of instances (all of them, or
     * more, count as all).
     *
     * @throws IllegalArgumentException for an unknown component or fewer than one replica lost
     */
    public Outage simulateOutage(Map<String, Integer> replicasLost) {
        Map<Component, Integer> roots = new LinkedHashMap<>();
        replicasLost.forEach((id, lost) -> roots.put(
                component(id).orElseThrow(() -> new IllegalArgumentException("no component '" + id + "'")), lost));
        return Simulation.runAll(this, roots);
    }

    /** The resilience score, every component's impact and risk, the SPOFs and the critical edges. */
    public Assessment assess() {
        return Assessment.of(this);
    }

    /**
     * The same graph with the modifications applied.
     *
     * @throws InvalidTopologyException naming {@code modifications.<id>} for an unknown component or replicas below 1
     */
    public Topology modified(Map<String, Modification> modifications) {
        List<Problem> problems = new ArrayList<>();
        modifications.forEach((id, change) -> {
            if (!components.containsKey(id)) {
                problems.add(new Problem("modifications." + id, "no component '" + id + "'"));
            } else if (change != null && change.replicas() != null && change.replicas() < 1) {
                problems.add(new Problem("modifications." + id + ".replicas", "must be at least 1"));
            }
        });
        if (!problems.isEmpty()) {
            throw new InvalidTopologyException(problems);
        }
        List<Component> changed = components.values().stream()
                .map(component -> {
                    Modification change = modifications.get(component.id());
                    return change == null ? component : change.applyTo(component);
                })
                .toList();
        return of(changed, dependencies);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Topology that
                && components.equals(that.components)
                && new HashSet<>(dependencies).equals(new HashSet<>(that.dependencies));
    }

    @Override
    public int hashCode() {
        return components.hashCode() * 31 + new HashSet<>(dependencies).hashCode();
    }

    @Override
    public String toString() {
        return "Topology[" + components.size() + " components, " + dependencies.size() + " edges]";
    }
}
