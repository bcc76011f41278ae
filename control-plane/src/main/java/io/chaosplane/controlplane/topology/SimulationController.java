package io.chaosplane.controlplane.topology;

import io.chaosplane.controlplane.access.ProjectScope;
import io.chaosplane.controlplane.topology.TopologyDtos.SimulateRequest;
import io.chaosplane.controlplane.topology.TopologyDtos.SimulationView;
import io.chaosplane.controlplane.topology.TopologyDtos.WhatIfRequest;
import io.chaosplane.controlplane.topology.TopologyDtos.WhatIfView;
import io.chaosplane.service.web.InvalidInputException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.dataformat.yaml.YAMLMapper;

@RestController
@RequestMapping({"/api", "/api/v1"})
@Tag(name = "Topology")
class SimulationController {

    private static final MediaType YAML = MediaType.parseMediaType("application/yaml");

    private final TopologyService topology;
    private final YAMLMapper yaml = YAMLMapper.builder().build();

    SimulationController(TopologyService topology) {
        this.topology = topology;
    }

    @PostMapping("/simulate-failure/{component_id}")
    @Operation(
            summary = "Simulate a component's failure (operator)",
            description = "The cascade wave by wave, each component once in the wave of its final state; unknown"
                    + " component 404. replicas_lost (query or body) loses only some instances.")
    SimulationView simulate(
            @PathVariable("component_id") String componentId,
            @Parameter(description = "Instances lost, 1 to the component's replicas; all of them when absent")
                    @RequestParam(name = "replicas_lost", required = false)
                    Integer replicasLost,
            @RequestBody(required = false) SimulateRequest body,
            ProjectScope scope) {
        Integer fromBody = body == null ? null : body.replicasLost();
        if (replicasLost != null && fromBody != null && !replicasLost.equals(fromBody)) {
            throw InvalidInputException.of("replicas_lost", "given twice, as " + replicasLost + " and " + fromBody);
        }
        return topology.simulateFailure(scope, componentId, replicasLost != null ? replicasLost : fromBody);
    }

    @PostMapping("/whatif/calculate")
    @Operation(
            summary = "What-if: the score with modifications, nothing stored (operator)",
            description = "modifications: component id → {replicas ≥ 1, circuit_breaker, failover, autoscaling}")
    WhatIfView calculate(@RequestBody WhatIfRequest request, ProjectScope scope) {
        return topology.whatIf(scope, request);
    }

    @PostMapping("/whatif/export")
    @Operation(summary = "The topology with the modifications applied, as a YAML file PUT /api/v1/topology reads")
    @ApiResponse(responseCode = "200", content = @Content(mediaType = "application/yaml"))
    ResponseEntity<String> export(@RequestBody WhatIfRequest request, ProjectScope scope) {
        String document = yaml.writeValueAsString(topology.export(scope, request));
        return ResponseEntity.ok()
                .contentType(YAML)
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename("modified-infra.yaml")
                                .build()
                                .toString())
                .body(document);
    }
}
