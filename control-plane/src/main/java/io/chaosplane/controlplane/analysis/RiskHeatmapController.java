package io.chaosplane.controlplane.analysis;

import io.chaosplane.controlplane.access.ProjectScope;
import io.chaosplane.controlplane.analysis.RiskHeatmapService.HeatmapView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping({"/api", "/api/v1"})
@Tag(name = "Analysis")
class RiskHeatmapController {

    private final RiskHeatmapService heatmap;

    RiskHeatmapController(RiskHeatmapService heatmap) {
        this.heatmap = heatmap;
    }

    @GetMapping("/risk-heatmap")
    @Operation(
            summary = "Each component's risk on five dimensions, its risk_score and zone, and the hotspots (viewer)",
            description = "Dimensions 0 to 1: blast_radius, spof, utilization, run_coverage and run_failures of the"
                    + " last 30 days' finished runs that targeted the component (an experiment targets a component"
                    + " when its name holds the component's id as a word). The member formula says how risk_score"
                    + " is weighed.")
    HeatmapView get(ProjectScope scope) {
        return heatmap.heatmap(scope);
    }
}
