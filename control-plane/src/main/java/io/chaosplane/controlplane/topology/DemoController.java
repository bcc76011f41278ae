package io.chaosplane.controlplane.topology;

import io.chaosplane.controlplane.access.ProjectScope;
import io.chaosplane.controlplane.topology.TopologyDtos.TopologyView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Topology")
class DemoController {

    private final TopologyService topology;

    DemoController(TopologyService topology) {
        this.topology = topology;
    }

    @GetMapping("/demo")
    @Operation(
            summary = "Load the demo topology into the project (project admin)",
            description = "Twelve components, eighteen dependencies. Only into a project without a topology, or"
                    + " over the demo (409 otherwise); loading it again changes nothing.")
    TopologyView load(ProjectScope scope) {
        return topology.loadDemo(scope);
    }
}
