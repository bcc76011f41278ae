package io.chaosplane.controlplane.topology;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** Seed 002's bodies, snake_case as that seed writes them. */
public final class TopologyDtos {

    private TopologyDtos() {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record TopologyView(List<NodeView> nodes, List<EdgeView> edges, Metadata metadata) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record NodeView(
            String id,
            String name,
            String type,
            int replicas,

            @Schema(description = "Per cent of capacity in use; null until set", nullable = true)
            @JsonInclude(JsonInclude.Include.ALWAYS)
            Double utilization,

            String health,
            boolean isSpof,

            @Schema(allowableValues = {"low", "medium", "high", "critical"})
            String riskLevel,

            @Schema(
                    description = "Its labels from discovery or the import (team, provider, region...); left out"
                            + " when it has none",
                    example = "{\"team\": \"payments\"}")
            @JsonInclude(JsonInclude.Include.NON_EMPTY)
            Map<String, String> labels) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record EdgeView(
            String source,
            String target,

            @Schema(allowableValues = {"hard", "soft", "async"})
            String dependencyType,

            double weight,

            @Schema(description = "A hard dependency on a component that goes down when it loses one instance")
            boolean critical) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Metadata(int totalComponents, int totalEdges, double resilienceScore) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record SimulateRequest(
            @Schema(description = "Instances lost, 1 to the component's replicas; all of them when absent")
            Integer replicasLost) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record SimulationView(
            String rootCause,
            int totalAffected,

            @Schema(description = "Share of all components impaired, root included, 0 to 10")
            double riskScore,

            List<WaveView> waves,

            @Schema(description = "(others down + ½ degraded) ÷ (N − 1), 0 to 1")
            double blastRadiusScore,

            String recoveryTimeEstimate) {}

    public record WaveView(int wave, List<ImpactView> components) {}

    public record ImpactView(
            String id,

            @Schema(allowableValues = {"healthy", "degraded", "down"})
            String health,

            String reason) {}

    public record WhatIfRequest(
            @Schema(description = "component id → modification", requiredMode = Schema.RequiredMode.REQUIRED)
            Map<String, ModificationRequest> modifications) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ModificationRequest(
            @Schema(minimum = "1") Integer replicas, Boolean circuitBreaker, Boolean failover, Boolean autoscaling) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record WhatIfView(
            double baselineScore,
            double resilienceScore,
            double delta,
            List<String> spofsBefore,
            List<String> spofsAfter) {}

    public record HistoryView(List<HistoryEntry> history) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record HistoryEntry(
            Instant timestamp,
            double resilienceScore,

            @Schema(description = "Change from the revision before; 0 for the first")
            double delta,

            int revision) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record DiffView(
            ComponentDiff components,
            EdgeDiff edges,

            @Schema(description = "The resilience score of before_file")
            double scoreBefore,

            @Schema(description = "The resilience score of after_file")
            double scoreAfter,

            double delta,

            @Schema(
                    description =
                            "A Mermaid flowchart of both graphs: added green, removed red and dashed, changed amber")
            String mermaid) {}

    public record ComponentDiff(List<String> added, List<String> removed, List<ComponentChangeView> changed) {}

    public record ComponentChangeView(String id, List<FieldChangeView> changes) {}

    public record EdgeDiff(List<EdgeRef> added, List<EdgeRef> removed, List<EdgeChangeView> changed) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record EdgeRef(String source, String target, String dependencyType, double weight) {}

    public record EdgeChangeView(String source, String target, List<FieldChangeView> changes) {}

    public record FieldChangeView(
            @Schema(description = "The member that differs, as the export names it")
            String field,

            @JsonInclude(JsonInclude.Include.ALWAYS) Object before,
            @JsonInclude(JsonInclude.Include.ALWAYS) Object after) {}
}
