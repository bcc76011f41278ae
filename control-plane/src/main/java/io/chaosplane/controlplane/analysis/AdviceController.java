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
    @ApiResponse(
            responseCode = "200",
            content =
                    @Content(
                            schema = @Schema(implementation = TeamView.class),
                            examples = @ExampleObject(value = "{\"component\": \"database\", \"team\": \"payments\"}")))
    TeamView team(
            @PathVariable("component_id") String componentId,
            @RequestBody(required = false) TeamRequest body,
            ProjectScope scope) {
        return advice.setTeam(scope, componentId, body == null ? null : body.team());
    }

    /** GET /demo's topology, no runs yet. */
    static final String ADVICE_EXAMPLE = """
            {"target_nines": 4.0, "availability": 0.96049803, "nines": 1.4, "reached": true,
             "reason": "5 change(s) reach the target of 4.0 nines",
             "entry_points": ["load-balancer", "notification-worker"],
             "critical_path": ["api-gateway", "cache", "load-balancer", "notification-worker", "queue", "web-server"],
             "components": [{"id": "api-gateway", "replicas": 2, "own_availability": 0.9801, "on_critical_path": true,
                             "runs_passed": 0, "runs_failed": 0}],
             "changes": [
               {"rank": 1, "component": "api-gateway", "change": "add_replicas",
                "description": "add a replica to api-gateway (2 → 3)", "availability": 0.97999905, "nines": 1.7,
                "whatif": {"modifications": {"api-gateway": {"replicas": 3}}}},
               {"rank": 2, "component": "cache", "change": "circuit_breaker",
                "description": "put a circuit breaker in front of cache so that its soft callers fail fast instead of hanging",
                "availability": 0.98989803, "nines": 2.0,
                "whatif": {"modifications": {"cache": {"circuit_breaker": true}}}},
               {"rank": 3, "component": "queue", "change": "add_replicas",
                "description": "add a replica to queue (1 → 2)", "availability": 0.99979701, "nines": 3.69,
                "whatif": {"modifications": {"queue": {"replicas": 2}}}},
               {"rank": 4, "component": "notification-worker", "change": "add_replicas",
                "description": "add a replica to notification-worker (2 → 3)", "availability": 0.999896,
                "nines": 3.98, "whatif": {"modifications": {"notification-worker": {"replicas": 3}}}},
               {"rank": 5, "component": "queue", "change": "add_replicas",
                "description": "add a replica to queue (2 → 3)", "availability": 0.999995, "nines": 5.3,
                "whatif": {"modifications": {"queue": {"replicas": 3}}}}],
             "final_availability": 0.999995, "final_nines": 5.3,
             "whatif": {"modifications": {"api-gateway": {"replicas": 3}, "cache": {"circuit_breaker": true},
                                          "notification-worker": {"replicas": 3}, "queue": {"replicas": 3}}},
             "method": "An instance is up 99.0 % of the time, ..."}""";

    /** GET /demo's topology at 10,000 an hour, no team set. */
    static final String COST_EXAMPLE = """
            {"revenue_per_hour": 10000.0, "total_cost_per_year": 1971087.6,
             "components": [
               {"id": "api-gateway", "team": "unassigned", "own_availability": 0.9801,
                "downtime_hours_per_year": 174.324, "traffic_share": 0.5, "cost_per_year": 871620.0},
               {"id": "cache", "team": "unassigned", "own_availability": 0.99, "downtime_hours_per_year": 87.6,
                "traffic_share": 0.5, "cost_per_year": 438000.0}],
             "teams": [{"team": "unassigned", "components": ["api-gateway", "auth-service", "cache"],
                        "cost_per_year": 1971087.6}],
             "top_fixes": [
               {"component": "api-gateway", "change": "add_replicas", "description": "add a replica to api-gateway (2 → 3)",
                "saving_per_year": 871576.2, "total_cost_after": 1099511.4,
                "whatif": {"modifications": {"api-gateway": {"replicas": 3}}}},
               {"component": "cache", "change": "circuit_breaker",
                "description": "put a circuit breaker in front of cache so that its soft callers fail fast instead of hanging",
                "saving_per_year": 438000.0, "total_cost_after": 1533087.6,
                "whatif": {"modifications": {"cache": {"circuit_breaker": true}}}}],
             "method": "Per component: expected downtime = (1 − its own availability) · 8760 h, ..."}""";
}
