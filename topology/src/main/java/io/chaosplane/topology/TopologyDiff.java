package io.chaosplane.topology;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What changed between two topologies: components and edges added, removed and changed (each change named by its
 * field), both resilience scores, and a Mermaid flowchart of the union with the changes marked.
 */
public record TopologyDiff(
        List<String> componentsAdded,
        List<String> componentsRemoved,
        List<ComponentChange> componentsChanged,
        List<Dependency> edgesAdded,
        List<Dependency> edgesRemoved,
        List<EdgeChange> edgesChanged,
        double scoreBefore,
        double scoreAfter,
        String mermaid) {

    /** One field of a component or an edge that differs: its wire name, the value before and after. */
    public record FieldChange(String field, Object before, Object after) {}

    public record ComponentChange(String id, List<FieldChange> changes) {}

    public record EdgeChange(String source, String target, List<FieldChange> changes) {}

    public static TopologyDiff of(Topology before, Topology after) {
        Map<String, Component> was = byId(before);
        Map<String, Component> now = byId(after);
        List<String> added =
                new TreeSet<>(minus(now.keySet(), was.keySet())).stream().toList();
        List<String> removed =
                new TreeSet<>(minus(was.keySet(), now.keySet())).stream().toList();
        List<ComponentChange> changed = new ArrayList<>();
        for (String id : new TreeSet<>(was.keySet())) {
            Component a = was.get(id);
            Component b = now.get(id);
            if (b != null) {
                List<FieldChange> changes = componentChanges(a, b);
                if (!changes.isEmpty()) {
                    changed.add(new ComponentChange(id, changes));
                }
            }
        }
        Map<String, Dependency> edgesWere = byPair(before);
        Map<String, Dependency> edgesNow = byPair(after);
        List<Dependency> edgesAdded = new TreeSet<>(minus(edgesNow.keySet(), edgesWere.keySet()))
                .stream().map(edgesNow::get).toList();
        List<Dependency> edgesRemoved = new TreeSet<>(minus(edgesWere.keySet(), edgesNow.keySet()))
                .stream().map(edgesWere::get).toList();
        List<EdgeChange> edgesChanged = new ArrayList<>();
        for (String pair : new TreeSet<>(edgesWere.keySet())) {
            Dependency a = edgesWere.get(pair);
            Dependency b = edgesNow.get(pair);
            if (b != null) {
                List<FieldChange> changes = new ArrayList<>();
                field(changes, "dependency_type", a.type().wireName(), b.type().wireName());
                field(changes, "weight", a.weight(), b.weight());
                if (!changes.isEmpty()) {
                    edgesChanged.add(new EdgeChange(a.source(), a.target(), changes));
                }
            }
        }
        TopologyDiff partial = new TopologyDiff(
                added,
                removed,
                List.copyOf(changed),
                edgesAdded,
                edgesRemoved,
                List.copyOf(edgesChanged),
                before.assess().roundedScore(),
                after.assess().roundedScore(),
                "");
        return partial.withMermaid(mermaid(before, after, partial));
    }

    public double delta() {
        return Scores.round(scoreAfter - scoreBefore, 1);
    }

    private TopologyDiff withMermaid(String text) {
        return new TopologyDiff(
                componentsAdded,
                componentsRemoved,
                componentsChanged,
                edgesAdded,
                edgesRemoved,
                edgesChanged,
                scoreBefore,
                scoreAfter,
                text);
    }

    private static List<FieldChange> componentChanges(Component a, Component b) {
        List<FieldChange> changes = new ArrayList<>();
        field(changes, "name", a.name(), b.name());
        field(changes, "type", a.type(), b.type());
        field(changes, "replicas", a.replicas(), b.replicas());
        field(changes, "utilization", a.utilization(), b.utilization());
        field(changes, "health", a.health(), b.health());
        field(changes, "failover", a.failover(), b.failover());
        field(changes, "circuit_breaker", a.circuitBreaker(), b.circuitBreaker());
        field(changes, "autoscaling", a.autoscaling(), b.autoscaling());
        return changes;
    }

    private static void field(List<FieldChange> changes, String name, Object before, Object after) {
        if (!Objects.equals(before, after)) {
            changes.add(new FieldChange(name, before, after));
        }
    }

    private static Map<String, Component> byId(Topology topology) {
        return topology.components().stream()
                .collect(Collectors.toMap(Component::id, Function.identity(), (x, y) -> x, LinkedHashMap::new));
    }

    private static Map<String, Dependency> byPair(Topology topology) {
        Map<String, Dependency> pairs = new LinkedHashMap<>();
        // source, then target: a NUL sorts before any character an id may hold
        topology.dependencies().forEach(d -> pairs.put(d.source() + "\u0000" + d.target(), d));
        return pairs;
    }

    private static <T> Set<T> minus(Set<T> from, Set<T> taken) {
        Set<T> rest = new LinkedHashSet<>(from);
        rest.removeAll(taken);
        return rest;
    }

    /**
     * A left-to-right flowchart of both graphs together: added components and edges green, removed ones red and
     * dashed, changed components amber. Ids are written as numbered Mermaid nodes with the id as a quoted label,
     * since component ids may hold characters Mermaid reads as syntax ({@code :}, {@code .}).
     */
    private static String mermaid(Topology before, Topology after, TopologyDiff diff) {
        Set<String> ids = new TreeSet<>();
        before.components().forEach(c -> ids.add(c.id()));
        after.components().forEach(c -> ids.add(c.id()));
        Map<String, String> node = new LinkedHashMap<>();
        int n = 0;
        for (String id : ids) {
            node.put(id, "n" + n++);
        }
        Set<String> added = Set.copyOf(diff.componentsAdded);
        Set<String> removed = Set.copyOf(diff.componentsRemoved);
        Set<String> changed =
                diff.componentsChanged.stream().map(ComponentChange::id).collect(Collectors.toSet());
        StringBuilder out = new StringBuilder("flowchart LR\n");
        for (String id : ids) {
            out.append("    ")
                    .append(node.get(id))
                    .append("[\"")
                    .append(label(id))
                    .append("\"]");
            if (added.contains(id)) {
                out.append(":::added");
            } else if (removed.contains(id)) {
                out.append(":::removed");
            } else if (changed.contains(id)) {
                out.append(":::changed");
            }
            out.append('\n');
        }
        Map<String, Dependency> edgesWere = byPair(before);
        Map<String, Dependency> edgesNow = byPair(after);
        Set<String> pairs = new TreeSet<>(edgesWere.keySet());
        pairs.addAll(edgesNow.keySet());
        int link = 0;
        List<Integer> addedLinks = new ArrayList<>();
        List<Integer> removedLinks = new ArrayList<>();
        for (String pair : pairs) {
            Dependency now = edgesNow.get(pair);
            Dependency edge = now != null ? now : edgesWere.get(pair);
            String arrow = now == null ? " -.->" : " -->";
            out.append("    ")
                    .append(node.get(edge.source()))
                    .append(arrow)
                    .append('|')
                    .append(edge.type().wireName())
                    .append("| ")
                    .append(node.get(edge.target()))
                    .append('\n');
            if (now == null) {
                removedLinks.add(link);
            } else if (!edgesWere.containsKey(pair)) {
                addedLinks.add(link);
            }
            link++;
        }
        out.append("    classDef added fill:#d4f7dc,stroke:#1a7f37\n");
        out.append("    classDef removed fill:#ffe0e0,stroke:#cf222e,stroke-dasharray:4\n");
        out.append("    classDef changed fill:#fff3c4,stroke:#9a6700\n");
        linkStyle(out, addedLinks, "stroke:#1a7f37");
        linkStyle(out, removedLinks, "stroke:#cf222e");
        return out.toString();
    }

    private static void linkStyle(StringBuilder out, List<Integer> links, String style) {
        if (!links.isEmpty()) {
            out.append("    linkStyle ")
                    .append(links.stream().map(String::valueOf).collect(Collectors.joining(",")))
                    .append(' ')
                    .append(style)
                    .append('\n');
        }
    }

    /** A Mermaid label in double quotes: a quote itself is written as its entity. */
    private static String label(String id) {
        return id.replace("\"", "#quot;");
    }
}
