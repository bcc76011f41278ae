package io.chaosplane.controlplane.analysis;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.chaosplane.controlplane.access.Permission;
import io.chaosplane.controlplane.access.ProjectScope;
import io.chaosplane.controlplane.topology.ProjectTopologies;
import io.chaosplane.service.web.InvalidInputException;
import io.chaosplane.service.web.NotFoundException;
import io.chaosplane.topology.Topology;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

@RestController
@RequestMapping({"/api", "/api/v1"})
@Tag(name = "Analysis")
class ComponentRunsController {

    static final int MAX_LIMIT = 100;

    private final ProjectTopologies topology;
    private final ProjectFacts facts;

    ComponentRunsController(ProjectTopologies topology, ProjectFacts facts) {
        this.topology = topology;
        this.facts = facts;
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record RunView(
            UUID runId,
            String experiment,
            int runSequence,
            String phase,
            Instant createdAt,
            @JsonInclude(JsonInclude.Include.ALWAYS) Instant finishedAt) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record ComponentRunsView(String componentId, List<String> experiments, List<RunView> runs) {}

    @GetMapping("/components/{component_id}/runs")
    @Operation(
            summary = "The experiments that target a component and their latest runs (viewer)",
            description = "An experiment targets a component when its name holds the component's id as a word (as"
                    + " for the heat map and the advice). Unknown component 404.")
    @Transactional(readOnly = true)
    ComponentRunsView runs(
            @PathVariable("component_id") String componentId,
            @Parameter(description = "Runs to return, 1 to 100 (default 20)") @RequestParam(required = false)
                    Integer limit,
            ProjectScope scope) {
        int count = limit == null ? 20 : limit;
        if (count < 1 || count > MAX_LIMIT) {
            throw InvalidInputException.of("limit", "must be between 1 and " + MAX_LIMIT);
        }
        Topology graph = topology.read(scope, Permission.READ);
        if (graph.component(componentId).isEmpty()) {
            throw new NotFoundException("component '" + componentId + "' not found");
        }
        List<String> experiments = facts.experimentNames(scope).stream()
                .filter(name -> AdviceService.targets(componentId, name))
                .toList();
        return new ComponentRunsView(
                componentId,
                experiments,
                facts.runsOf(scope, experiments, count).stream()
                        .map(run -> new RunView(
                                run.runId(),
                                run.experiment(),
                                run.runSequence(),
                                run.phase(),
                                run.createdAt(),
                                run.finishedAt()))
                        .toList());
    }
}
