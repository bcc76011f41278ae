package io.chaosplane.controlplane.topology;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.chaosplane.service.web.FieldProblem;
import io.chaosplane.service.web.InvalidInputException;
import io.chaosplane.topology.Component;
import io.chaosplane.topology.Dependency;
import io.chaosplane.topology.DependencyType;
import io.chaosplane.topology.InvalidTopologyException;
import io.chaosplane.topology.Topology;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * A whole topology as {@code POST /api/whatif/export} writes it and {@code PUT /api/v1/topology} reads it (YAML or
 * JSON). Members left out take their defaults: one replica, utilization unknown, healthy, no failover, no circuit
 * breaker, no autoscaling; edges hard with weight 1.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonPropertyOrder({"components", "edges"})
public record TopologyDocument(List<ComponentEntry> components, List<EdgeEntry> edges) {

    static final int MAX_COMPONENTS = 20_000;
    static final int MAX_EDGES = 100_000;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,252}");
    static final int MAX_LABELS = 64;
    private static final Pattern LABEL_NAME =
            Pattern.compile("([a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?/)?[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?");
    private static final Pattern LABEL_VALUE = Pattern.compile("([A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?)?");
    private static final Set<String> HEALTHS = Set.of("healthy", "degraded", "down", "unknown");

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonPropertyOrder({
        "id",
        "name",
        "type",
        "replicas",
        "utilization",
        "health",
        "failover",
        "circuit_breaker",
        "autoscaling",
        "labels"
    })
    public record ComponentEntry(
            String id,
            String name,
            String type,
            @Schema(minimum = "1", defaultValue = "1") Integer replicas,

            @Schema(nullable = true, description = "Per cent of capacity in use; null while unknown")
            @JsonInclude(JsonInclude.Include.ALWAYS)
            Double utilization,

            @Schema(allowableValues = {"healthy", "degraded", "down", "unknown"})
            String health,

            Boolean failover,

            @Schema(description = "Its callers reach it through a circuit breaker")
            Boolean circuitBreaker,

            Boolean autoscaling,

            @Schema(
                    description = "What discovery or the import says about it: team (owner, for the cost"
                            + " attribution), provider and region (where it runs), and any other names",
                    example = "{\"team\": \"payments\", \"provider\": \"aws\", \"region\": \"us-east-1\"}")
            @JsonInclude(JsonInclude.Include.NON_EMPTY)
            Map<String, String> labels) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonPropertyOrder({"source", "target", "dependency_type", "weight"})
    public record EdgeEntry(
            @Schema(description = "The caller") String source,
            @Schema(description = "What it depends on") String target,

            @Schema(
                    allowableValues = {"hard", "soft", "async"},
                    defaultValue = "hard")
            String dependencyType,

            @Schema(minimum = "0", maximum = "1", defaultValue = "1")
            Double weight) {}

    static TopologyDocument of(Topology topology) {
        return new TopologyDocument(
                topology.components().stream()
                        .map(c -> new ComponentEntry(
                                c.id(),
                                c.name(),
                                c.type(),
                                c.replicas(),
                                c.utilization(),
                                c.health(),
                                c.failover(),
                                c.circuitBreaker(),
                                c.autoscaling(),
                                c.labels()))
                        .toList(),
                topology.dependencies().stream()
                        .map(d -> new EdgeEntry(d.source(), d.target(), d.type().wireName(), d.weight()))
                        .toList());
    }

    /** The graph this document describes, or every problem in it at its field. */
    Topology toTopology() {
        List<FieldProblem> problems = new ArrayList<>();
        if (components == null) {
            throw InvalidInputException.of("components", "is required (an empty list clears the topology)");
        }
        if (components.size() > MAX_COMPONENTS) {
            throw InvalidInputException.of("components", "at most " + MAX_COMPONENTS + " components");
        }
        List<EdgeEntry> edgeEntries = Objects.requireNonNullElse(edges, List.of());
        if (edgeEntries.size() > MAX_EDGES) {
            throw InvalidInputException.of("edges", "at most " + MAX_EDGES + " edges");
        }
        List<Component> built = new ArrayList<>();
        for (int i = 0; i < components.size(); i++) {
            ComponentEntry entry = components.get(i);
            String at = "components[" + i + "]";
            if (entry == null) {
                problems.add(new FieldProblem(at, "must not be null"));
                continue;
            }
            int before = problems.size();
            checkId(entry.id(), at + ".id", problems);
            checkLength(entry.name(), 253, at + ".name", problems);
            checkLength(entry.type(), 63, at + ".type", problems);
            int replicas = Objects.requireNonNullElse(entry.replicas(), 1);
            if (replicas < 1 || replicas > 100_000) {
                problems.add(new FieldProblem(at + ".replicas", "must be between 1 and 100000"));
            }
            if (entry.utilization() != null && (entry.utilization() < 0 || entry.utilization() > 1000)) {
                problems.add(new FieldProblem(at + ".utilization", "must be between 0 and 1000 (per cent), or null"));
            }
            if (entry.health() != null && !HEALTHS.contains(entry.health())) {
                problems.add(new FieldProblem(at + ".health", "must be one of healthy, degraded, down, unknown"));
            }
            checkLabels(entry.labels(), at + ".labels", problems);
            if (problems.size() == before) {
                built.add(new Component(
                        entry.id(),
                        entry.name(),
                        entry.type(),
                        replicas,
                        entry.utilization(),
                        entry.health(),
                        Boolean.TRUE.equals(entry.failover()),
                        Boolean.TRUE.equals(entry.circuitBreaker()),
                        Boolean.TRUE.equals(entry.autoscaling()),
                        entry.labels()));
            }
        }
        List<Dependency> dependencies = new ArrayList<>();
        for (int i = 0; i < edgeEntries.size(); i++) {
            EdgeEntry entry = edgeEntries.get(i);
            String at = "edges[" + i + "]";
            if (entry == null) {
                problems.add(new FieldProblem(at, "must not be null"));
                continue;
            }
            int before = problems.size();
            checkId(entry.source(), at + ".source", problems);
            checkId(entry.target(), at + ".target", problems);
            DependencyType type = entry.dependencyType() == null
                    ? DependencyType.HARD
                    : DependencyType.fromWire(entry.dependencyType()).orElse(null);
            if (type == null) {
                problems.add(new FieldProblem(at + ".dependency_type", "must be one of hard, soft, async"));
            }
            double weight = Objects.requireNonNullElse(entry.weight(), 1.0);
            if (weight < 0 || weight > 1) {
                problems.add(new FieldProblem(at + ".weight", "must be between 0 and 1"));
            }
            if (problems.size() == before) {
                dependencies.add(new Dependency(entry.source(), entry.target(), type, weight));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        try {
            return Topology.of(built, dependencies);
        } catch (InvalidTopologyException e) {
            throw problems(e);
        }
    }

    static InvalidInputException problems(InvalidTopologyException e) {
        return new InvalidInputException(e.problems().stream()
                .map(problem -> new FieldProblem(problem.field(), problem.message()))
                .toList());
    }

    private static void checkId(String id, String field, List<FieldProblem> problems) {
        if (id == null || id.isBlank()) {
            problems.add(new FieldProblem(field, "is required"));
        } else if (!ID.matcher(id).matches()) {
            problems.add(new FieldProblem(
                    field, "must be 1 to 253 letters, digits and '.', '_', ':', '-', starting with a letter or digit"));
        }
    }

    /** Kubernetes' rules for label names (an optional DNS prefix and a name) and values, at most 64 labels. */
    private static void checkLabels(Map<String, String> labels, String field, List<FieldProblem> problems) {
        if (labels == null) {
            return;
        }
        if (labels.size() > MAX_LABELS) {
            problems.add(new FieldProblem(field, "at most " + MAX_LABELS + " labels"));
            return;
        }
        labels.forEach((name, value) -> {
            if (name == null || name.length() > 316 || !LABEL_NAME.matcher(name).matches()) {
                problems.add(new FieldProblem(
                        field + "." + name,
                        "a label name is an optional DNS prefix and '/' then 1 to 63 letters, digits, '-', '_' or"
                                + " '.', starting and ending with a letter or digit"));
            } else if (value == null
                    || value.length() > 63
                    || !LABEL_VALUE.matcher(value).matches()) {
                problems.add(new FieldProblem(
                        field + "." + name,
                        "a label value is at most 63 letters, digits, '-', '_' or '.', starting and ending with a"
                                + " letter or digit"));
            }
        });
    }

    private static void checkLength(String value, int max, String field, List<FieldProblem> problems) {
        if (value != null && value.length() > max) {
            problems.add(new FieldProblem(field, "must be at most " + max + " characters"));
        }
    }
}
