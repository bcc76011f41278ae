package io.chaosplane.controlplane.workflow;

import io.chaosplane.controlplane.access.ProjectScope;
import io.chaosplane.controlplane.workflow.WorkflowViews.WorkflowDetail;
import io.chaosplane.controlplane.workflow.WorkflowViews.WorkflowSummary;
import io.chaosplane.service.web.ListResponse;
import io.chaosplane.service.web.PageParams;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/workflows")
@Tag(
        name = "Workflows",
        description = "Seed 000's workflows: experiment steps in serial and parallel groups,"
                + " suspend steps and status checks")
class WorkflowController {

    private final WorkflowService workflows;

    WorkflowController(WorkflowService workflows) {
        this.workflows = workflows;
    }

    @PostMapping(consumes = {"application/json", "application/yaml", "application/x-yaml", "text/yaml"})
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a workflow from a ChaosWorkflow manifest (JSON or YAML) and start it (project admin)")
    WorkflowDetail create(@RequestBody WorkflowManifest manifest, ProjectScope scope) {
        return workflows.create(scope, manifest);
    }

    @GetMapping
    @Operation(summary = "List workflows; filter by namespace and phase")
    ListResponse<WorkflowSummary> list(
            @RequestParam(required = false) String namespace,
            @RequestParam(required = false) String phase,
            @Valid @ParameterObject PageParams page,
            ProjectScope scope) {
        return workflows.list(scope, namespace, phase, page.paging());
    }

    @GetMapping("/{namespace}/{name}")
    @Operation(summary = "Get a workflow and the status of each step")
    WorkflowDetail get(@PathVariable String namespace, @PathVariable String name, ProjectScope scope) {
        return workflows.get(scope, namespace, name);
    }

    @DeleteMapping("/{namespace}/{name}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete a finished workflow (project admin); 409 while it runs")
    void delete(@PathVariable String namespace, @PathVariable String name, ProjectScope scope) {
        workflows.delete(scope, namespace, name);
    }

    @PostMapping("/{namespace}/{name}/abort")
    @Operation(summary = "Abort a workflow (operator): its running experiments are aborted and reverted")
    WorkflowDetail abort(@PathVariable String namespace, @PathVariable String name, ProjectScope scope) {
        return workflows.abort(scope, namespace, name);
    }

    @PostMapping("/{namespace}/{name}/resume")
    @Operation(summary = "Resume a workflow waiting in a suspend step (operator); 409 when it is not suspended")
    WorkflowDetail resume(@PathVariable String namespace, @PathVariable String name, ProjectScope scope) {
        return workflows.resume(scope, namespace, name);
    }
}
