package io.chaosplane.controlplane.hub;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** The bodies of {@code POST /api/replay/{incident_id}}. */
final class ReplayDtos {

    private ReplayDtos() {}

    /**
     * @param placement where the project runs; by default where the incident struck (its provider, first region)
     * @param placements components that run elsewhere than {@code placement}
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record ReplayRequest(
            @Schema(
                    description = "Revenue per hour, > 0; the answer then estimates the incident's cost",
                    example = "10000")
            Double revenuePerHour,

            @Schema(description = "Where the project runs; by default where the incident struck")
            Placement placement,

            @Schema(description = "component id → where it runs, for components elsewhere than placement")
            Map<String, Placement> placements,

            @Schema(description = "With experiment=true: the Linux infrastructure (id or identifier) to emulate on")
            String infrastructure,

            @Schema(
                    description =
                            "With experiment=true: the hosts the emulating fault targets; the catalogue's by default")
            List<String> hosts,

            @Schema(
                    description = "With experiment=true: namespace of the experiment and workflow",
                    defaultValue = "default")
            String namespace,

            @Schema(
                    description = "With experiment=true: how long the emulating fault lasts (Go duration)",
                    defaultValue = "60s")
            String duration) {

        static ReplayRequest empty() {
            return new ReplayRequest(null, null, null, null, null, null, null);
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Placement(
            @Schema(example = "aws") String provider,
            @Schema(example = "us-east-1") String region) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record IncidentRef(
            String id, String title, String provider, LocalDate date, int durationMinutes, String postmortemUrl) {}

    record WaveView(int wave, List<ImpactView> components) {}

    record ImpactView(
            String id,

            @Schema(allowableValues = {"healthy", "degraded", "down"})
            String health,

            String reason) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record WorkflowRef(String namespace, String name, String experiment, boolean created, String phase) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record ReplayView(
            IncidentRef incident,
            Placement placement,

            @Schema(description = "The components the incident struck: of its types, placed where it struck")
            List<String> struck,

            @Schema(description = "Wave 0 the struck components, then the cascade; each component once")
            List<WaveView> waves,

            @Schema(description = "Components degraded or down, the struck ones included")
            int totalAffected,

            int componentsDown,

            @Schema(description = "The topology's resilience score before the incident")
            double baselineScore,

            @Schema(description = "100 · (1 − impaired share) during the incident")
            double resilienceScore,

            @Schema(description = "(down + ½ degraded) ÷ components")
            double impairedShare,

            String recoveryTimeEstimate,

            @Schema(nullable = true) Double revenuePerHour,

            @Schema(
                    nullable = true,
                    description = "revenue_per_hour · duration hours · impaired share; null without revenue_per_hour")
            Double estimatedCost,

            @Schema(description = "Components not down, each with why it held")
            List<ImpactView> survivors,

            @Schema(nullable = true, description = "With experiment=true: the workflow created (suspended, not run)")
            WorkflowRef workflow,

            String howComputed) {}
}
