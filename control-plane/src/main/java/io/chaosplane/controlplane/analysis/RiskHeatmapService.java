package io.chaosplane.controlplane.analysis;

import io.chaosplane.controlplane.access.Permission;
import io.chaosplane.controlplane.access.ProjectScope;
import io.chaosplane.controlplane.topology.ProjectTopologies;
import io.chaosplane.topology.RiskHeatmap;
import io.chaosplane.topology.Scores;
import io.chaosplane.topology.Topology;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** The risk heat map: the graph's assessment and the last 30 days' runs per component (viewer reads). */
@Service
class RiskHeatmapService {

    static final Duration WINDOW = Duration.ofDays(30);

    private final ProjectTopologies topology;
    private final ProjectFacts facts;
    private final Clock clock;

    RiskHeatmapService(ProjectTopologies topology, ProjectFacts facts, Clock clock) {
        this.topology = topology;
        this.facts = facts;
        this.clock = clock;
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record HeatmapView(
            List<ComponentHeat> components,

            @Schema(description = "The red and amber components, riskiest first, at most five")
            List<String> hotspots,

            int windowDays,
            String formula) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record ComponentHeat(
            String id,
            String name,
            String type,
            DimensionsView dimensions,

            @Schema(description = "Finished runs in the window that targeted it")
            int runs,

            int failedRuns,
            @Schema(minimum = "0", maximum = "100") double riskScore,

            @Schema(allowableValues = {"green", "amber", "red"})
            String zone) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record DimensionsView(
            double blastRadius, double spof, double utilization, double runCoverage, double runFailures) {}

    @Transactional(readOnly = true)
    HeatmapView heatmap(ProjectScope scope) {
        Topology graph = topology.read(scope, Permission.READ);
        RiskHeatmap map = RiskHeatmap.of(
                graph,
                AdviceService.outcomesByComponent(
                        graph,
                        facts.outcomesByExperimentSince(scope, clock.instant().minus(WINDOW))));
        return new HeatmapView(
                map.cells().stream()
                        .map(cell -> new ComponentHeat(
                                cell.id(),
                                cell.name(),
                                cell.type(),
                                new DimensionsView(
                                        Scores.round(cell.dimensions().blastRadius(), 4),
                                        cell.dimensions().spof(),
                                        Scores.round(cell.dimensions().utilization(), 4),
                                        Scores.round(cell.dimensions().runCoverage(), 4),
                                        Scores.round(cell.dimensions().runFailures(), 4)),
                                cell.runs().total(),
                                cell.runs().failed(),
                                cell.riskScore(),
                                cell.zone().wireName()))
                        .toList(),
                map.hotspots(),
                (int) WINDOW.toDays(),
                RiskHeatmap.FORMULA);
    }
}
