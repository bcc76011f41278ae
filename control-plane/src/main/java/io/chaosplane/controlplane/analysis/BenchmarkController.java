package io.chaosplane.controlplane.analysis;

import io.chaosplane.controlplane.access.ProjectScope;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

@RestController
@RequestMapping({"/api", "/api/v1"})
@Tag(name = "Analysis")
class BenchmarkController {

    private final BenchmarkService benchmarks;

    BenchmarkController(BenchmarkService benchmarks) {
        this.benchmarks = benchmarks;
    }

    @GetMapping("/benchmark/{industry}")
    @Operation(
            summary = "The project against an industry's distribution (viewer)",
            description = "list: the industries; all: every industry; a name: the project's resilience score, SPOF"
                    + " share, run pass rate and mean time to recover with their percentile in that industry. Each"
                    + " metric says whether it came from peers (at least five opted-in accounts) or the built-in"
                    + " baseline; unknown industry 404.")
    @ApiResponse(
            responseCode = "200",
            content =
                    @Content(
                            schema = @Schema(type = "object"),
                            examples = {
                                @ExampleObject(name = "fintech", value = INDUSTRY_EXAMPLE),
                                @ExampleObject(name = "list", value = LIST_EXAMPLE)
                            }))
    Map<String, Object> benchmark(
            @Parameter(description = "list, all, or an industry such as fintech", example = "fintech")
                    @PathVariable("industry")
                    String industry,
            ProjectScope scope) {
        return benchmarks.benchmark(scope, industry);
    }

    @GetMapping("/benchmark-settings")
    @Operation(summary = "The account's industry and whether it contributes to peer benchmarks (account viewer)")
    @ApiResponse(
            responseCode = "200",
            content = @Content(schema = @Schema(type = "object"), examples = @ExampleObject(value = SETTING_EXAMPLE)))
    Map<String, Object> setting() {
        return benchmarks.setting();
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record SettingRequest(
            @Schema(example = "fintech", requiredMode = Schema.RequiredMode.REQUIRED)
            String industry,

            @Schema(
                    description = "true: the account's figures enter its industry's aggregates (only"
                            + " percentiles of at least five accounts are ever shown)",
                    requiredMode = Schema.RequiredMode.REQUIRED)
            Boolean optIn) {}

    @PutMapping("/benchmark-settings")
    @Operation(summary = "Declare the account's industry and opt in or out of peer benchmarks (account admin)")
    @ApiResponse(
            responseCode = "200",
            content = @Content(schema = @Schema(type = "object"), examples = @ExampleObject(value = SETTING_EXAMPLE)))
    Map<String, Object> saveSetting(@RequestBody(required = false) SettingRequest body) {
        return body == null
                ? benchmarks.saveSetting(null, null)
                : benchmarks.saveSetting(body.industry(), body.optIn());
    }

    static final String SETTING_EXAMPLE = """
            {"industry": "fintech", "opt_in": true, "updated_by": "user:ada@example.com",
             "updated_at": "2026-12-03T17:00:00Z"}""";

    static final String LIST_EXAMPLE = """
            {"industries": [{"industry": "fintech", "name": "Financial services", "source": "peers"},
                            {"industry": "ecommerce", "name": "E-commerce and retail", "source": "baseline"}]}""";

    static final String INDUSTRY_EXAMPLE = """
            {"industry": "fintech", "name": "Financial services", "source": "mixed",
             "metrics": [
               {"metric": "resilience_score", "value": 72.5, "better": "higher", "percentile": 51.6,
                "distribution": {"p10": 55.0, "p25": 63.0, "p50": 72.0, "p75": 80.0, "p90": 87.0},
                "source": "baseline"},
               {"metric": "spof_share", "value": 0.1667, "better": "lower", "percentile": 57.0,
                "distribution": {"p10": 0.04, "p25": 0.08, "p50": 0.14, "p75": 0.22, "p90": 0.3},
                "source": "baseline"},
               {"metric": "run_pass_rate", "value": 0.8, "better": "higher", "percentile": 48.0,
                "distribution": {"p10": 0.6, "p25": 0.7, "p50": 0.82, "p75": 0.9, "p90": 0.95},
                "source": "peers", "contributors": 7},
               {"metric": "mttr_minutes", "better": "lower",
                "distribution": {"p10": 15.0, "p25": 30.0, "p50": 60.0, "p75": 180.0, "p90": 480.0},
                "source": "baseline"}],
             "project": {"resilience_score": 72.5, "spof_share": 0.1667, "run_pass_rate": 0.8},
             "sources": [{"name": "DORA, Accelerate State of DevOps Report 2023 (Google Cloud)",
                          "url": "https://dora.dev/research/2023/dora-report/",
                          "used_for": ["mttr_minutes", "run_pass_rate"]}],
             "method": "Project figures: the resilience score and SPOF share ..."}""";
}
