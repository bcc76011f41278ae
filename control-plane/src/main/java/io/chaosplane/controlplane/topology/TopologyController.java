package io.chaosplane.controlplane.topology;

import io.chaosplane.controlplane.access.ProjectScope;
import io.chaosplane.controlplane.topology.TopologyDtos.HistoryView;
import io.chaosplane.controlplane.topology.TopologyDtos.TopologyView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping({"/api", "/api/v1"})
@Tag(
        name = "Topology",
        description = "Seed 002: the project's components and dependencies with their SPOFs, risk and resilience"
                + " score; failure simulation and what-if; score history. Also under /api/v1.")
class TopologyController {

    private final TopologyService topology;

    TopologyController(TopologyService topology) {
        this.topology = topology;
    }

    @GetMapping("/topology")
    @Operation(summary = "The topology: nodes, edges and the resilience score")
    TopologyView get(ProjectScope scope) {
        return topology.topology(scope);
    }

    @PutMapping(
            path = "/topology",
            consumes = {"application/yaml", "application/x-yaml", "text/yaml", "application/json"})
    @Operation(
            summary = "Import a topology (project admin)",
            description = "Reads the document POST /api/whatif/export writes, YAML or JSON, and replaces the"
                    + " project's topology with it; its settings become overrides that survive rediscovery."
                    + " A change of the graph is a new revision; the same graph again is none.")
    TopologyView put(@RequestBody TopologyDocument document, ProjectScope scope) {
        return topology.importDocument(scope, document);
    }

    @GetMapping("/score-history")
    @Operation(summary = "The resilience score of the latest revisions, oldest first")
    HistoryView history(
            @Parameter(description = "Revisions to return, 1 to 100 (default 30)") @RequestParam(required = false)
                    Integer limit,
            ProjectScope scope) {
        return topology.history(scope, limit);
    }
}
