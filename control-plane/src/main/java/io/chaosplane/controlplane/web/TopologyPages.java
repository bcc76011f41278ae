package io.chaosplane.controlplane.web;

import io.chaosplane.controlplane.topology.TopologyService;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The project's topology: the graph drawn, and the same nodes and edges as tables; simulating a failure calls the
 * API from the page and lights the waves up one after another.
 */
@Controller
class TopologyPages {

    private final TopologyService topology;

    TopologyPages(TopologyService topology) {
        this.topology = topology;
    }

    @GetMapping("/topology")
    String view(Workspace ws, Model model) {
        model.addAttribute("topology", topology.topology(ws.scope()));
        return "topology/view";
    }
}
