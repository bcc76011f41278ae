package io.chaosplane.controlplane.analysis;

import io.chaosplane.controlplane.access.ProjectScope;
import io.chaosplane.controlplane.analysis.AnalysisDtos.AdviceView;
import io.chaosplane.controlplane.analysis.AnalysisDtos.CostView;
import io.chaosplane.controlplane.analysis.AnalysisDtos.TeamRequest;
import io.chaosplane.controlplane.analysis.AnalysisDtos.TeamView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping({"/api", "/api/v1"})
@Tag(name = "Analysis")
class AdviceController {

    private final AdviceService advice;

    AdviceController(AdviceService advice) {
        this.advice = advice;
    }

    @GetMapping("/architecture-advice")
    @Operation(
            summary = "Architecture advice towards a number of nines (viewer)",
            description = "The estimated availability today and the changes, chosen greedily, that raise it most,"
                    + " until target_nines is reached or the best reachable with the reason; each change's whatif is"
                    + " a body for POST /api/whatif/calculate. The member method says how it was computed.")
    @ApiResponse(
            responseCode = "200",
            content =
                    @Content(
                            schema = @Schema(implementation = AdviceView.class),
                            examples = @ExampleObject(name = "chain", value = ADVICE_EXAMPLE)))
    AdviceView advice(
            @Parameter(description = "Above 0, at most 6; 4.0 when absent", example = "4.0")
                    @RequestParam(name = "target_nines", required = false)
                    Double targetNines,
            ProjectScope scope) {
        return advice.advice(scope, targetNines);
    }

    @GetMapping("/cost-attribution")
    @Operation(
            summary = "What each component's failure costs a year, per component and team, with the top five fixes"
                    + " (viewer)",
            description = "downtime hours a year × the share of traffic its failure takes down (simulation) ×"
                    + " revenue_per_hour. The member method says how it was computed.")
    @ApiResponse(
            responseCode = "200",
            content =
                    @Content(
                            schema = @Schema(implementation = CostView.class),
                            examples = @ExampleObject(name = "chain", value = COST_EXAMPLE)))
    CostView cost(
            @Parameter(description = "Revenue per hour, above 0", example = "10000", required = true)
                    @RequestParam(name = "revenue_per_hour", required = false)
                    Double revenuePerHour,
            ProjectScope scope) {
        return advice.cost(scope, revenuePerHour);
    }

    @PutMapping("/components/{component_id}/team")
    @Operation(
            summary = "Set the team owning a component, for the cost attribution (admin)",
            description = "An override kept apart from discovery; a null or blank team removes it. Unknown component"
                    + " 404.")
    TeamView team(
            @PathVariable("component_id") String componentId,
            @RequestBody(required = false) TeamRequest body,
            ProjectScope scope) {
        return advice.setTeam(scope, componentId, body == null ? null : body.team());
    }

    static final String ADVICE_EXAMPLE = """
            {"target_nines": 2.0, "availability": 0.970299, "nines": 1.53, "reached": true,
             "reason": "3 change(s) reach the target of 2.0 nines",
             "entry_points": ["A"], "critical_path": ["A", "B", "C"],
             "components": [{"id": "A", "replicas": 1, "own_availability": 0.99, "on_critical_path": true,
                             "runs_passed": 0, "runs_failed": 0}],
             "changes": [
               {"rank": 1, "component": "A", "change": "add_replicas", "description": "add a replica to A (1 → 2)",
                "availability": 0.98000199, "nines": 1.7,
                "whatif": {"modifications": {"A": {"replicas": 2}}}},
               {"rank": 2, "component": "B", "change": "add_replicas", "description": "add a replica to B (1 → 2)",
                "availability": 0.98980201, "nines": 1.99,
                "whatif": {"modifications": {"B": {"replicas": 2}}}},
               {"rank": 3, "component": "C", "change": "add_replicas", "description": "add a replica to C (1 → 2)",
                "availability": 0.99970003, "nines": 3.52,
                "whatif": {"modifications": {"C": {"replicas": 2}}}}],
             "final_availability": 0.99970003, "final_nines": 3.52,
             "whatif": {"modifications": {"A": {"replicas": 2}, "B": {"replicas": 2}, "C": {"replicas": 2}}},
             "method": "An instance is up 99.0 % of the time, ..."}""";

    static final String COST_EXAMPLE = """
            {"revenue_per_hour": 10000.0, "total_cost_per_year": 2628000.0,
             "components": [{"id": "A", "team": "web", "own_availability": 0.99, "downtime_hours_per_year": 87.6,
                             "traffic_share": 1.0, "cost_per_year": 876000.0}],
             "teams": [{"team": "unassigned", "components": ["B", "C"], "cost_per_year": 1752000.0},
                       {"team": "web", "components": ["A"], "cost_per_year": 876000.0}],
             "top_fixes": [{"component": "A", "change": "add_replicas", "description": "add a replica to A (1 → 2)",
                            "saving_per_year": 867240.0, "total_cost_after": 1760760.0,
                            "whatif": {"modifications": {"A": {"replicas": 2}}}}],
             "method": "Per component: expected downtime = (1 − its own availability) · 8760 h, ..."}""";
}
