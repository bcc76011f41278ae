package io.chaosplane.controlplane.analysis;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.chaosplane.controlplane.topology.TopologyDtos.WhatIfRequest;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** The analysis endpoints' bodies, snake_case as seed 002 writes its others. */
final class AnalysisDtos {

    private AnalysisDtos() {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record AdviceView(
            double targetNines,

            @Schema(description = "Estimated availability today, 0 to 1")
            double availability,

            @Schema(description = "−log10(1 − availability); null when nothing can fail", nullable = true)
            @JsonInclude(JsonInclude.Include.ALWAYS)
            Double nines,

            boolean reached,
            String reason,
            List<String> entryPoints,

            @Schema(
                    description = "The components the system needs: the entry points and what they reach through"
                            + " hard edges and soft edges without a circuit breaker")
            List<String> criticalPath,

            List<ComponentAvailability> components,
            List<ChangeView> changes,
            double finalAvailability,

            @JsonInclude(JsonInclude.Include.ALWAYS) Double finalNines,

            @Schema(description = "Every change at once, as POST /api/whatif/calculate takes it")
            WhatIfRequest whatif,

            String method) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record ComponentAvailability(
            String id, int replicas, double ownAvailability, boolean onCriticalPath, int runsPassed, int runsFailed) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record ChangeView(
            int rank,
            String component,

            @Schema(allowableValues = {"add_replicas", "failover", "circuit_breaker", "autoscaling"})
            String change,

            String description,
            double availability,

            @JsonInclude(JsonInclude.Include.ALWAYS) Double nines,

            @Schema(description = "This change alone, as POST /api/whatif/calculate takes it")
            WhatIfRequest whatif) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record CostView(
            double revenuePerHour,
            double totalCostPerYear,
            List<ComponentCost> components,
            List<TeamCost> teams,
            List<FixView> topFixes,
            String method) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record ComponentCost(
            String id,
            String team,
            double ownAvailability,
            double downtimeHoursPerYear,

            @Schema(description = "Share of entry-point traffic its failure takes down: down 1, degraded ½")
            double trafficShare,

            double costPerYear) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record TeamCost(String team, List<String> components, double costPerYear) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record FixView(
            String component,
            String change,
            String description,
            double savingPerYear,
            double totalCostAfter,
            WhatIfRequest whatif) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record TeamRequest(
            @Schema(description = "The owning team; null or blank removes the override", example = "payments")
            String team) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record TeamView(String component, String team) {}

    record ChatRequest(
            @Schema(
                    requiredMode = Schema.RequiredMode.REQUIRED,
                    maxLength = 500,
                    example = "what are the single points of failure?")
            String question) {}

    record ChatAnswer(
            @Schema(
                    allowableValues = {
                        "single_points_of_failure", "failure_impact", "score_trend", "failed_runs", "next_runs",
                        "disconnected_infrastructures", "compliance", "riskiest_components", "failure_cost", "unknown"
                    })
            String intent,

            String answer,

            @Schema(description = "The structured data behind the answer; its member method says how it was computed")
            Map<String, Object> data,

            List<String> suggestions) {}
}
