package io.chaosplane.controlplane.workflow;

import io.chaosplane.controlplane.access.ProjectScope;
import io.chaosplane.controlplane.workflow.WorkflowViews.WorkflowDetail;
import io.chaosplane.controlplane.workflow.WorkflowViews.WorkflowSummary;
import io.chaosplane.service.web.ListResponse;
import io.chaosplane.service.web.PageParams;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
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

    static final String APPLIED = "X-ChaosPlane-Applied";
    private static final String YAML = "application/yaml";

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

    @PutMapping(
            path = "/{namespace}/{name}",
            consumes = {"application/json", YAML, "application/x-yaml", "text/yaml"})
    @Operation(
            summary = "Create or update a workflow from a ChaosWorkflow manifest without starting it (project admin)",
            description = "The manifest's metadata.name and metadata.namespace must be those of the path. A manifest"
                    + " equal to the stored one changes nothing (200, " + APPLIED + ": unchanged); a changed one"
                    + " replaces the stored workflow and its steps' state, unless the workflow is running or suspended"
                    + " (409). With dryRun=true the manifest, its experiments and the policies are checked as they"
                    + " would be and nothing is stored; the answer says what would change. Start it with POST"
                    + " .../run.")
    @ApiResponse(
            responseCode = "201",
            description = "created",
            headers = @Header(name = APPLIED, description = "created, updated or unchanged"))
    @ApiResponse(
            responseCode = "200",
            description = "updated or unchanged, or a dry run",
            headers = @Header(name = APPLIED, description = "created, updated or unchanged"))
    @ApiResponse(responseCode = "409", description = "the workflow is running or suspended and the manifest changed")
    ResponseEntity<WorkflowDetail> apply(
            @PathVariable String namespace,
            @PathVariable String name,
            @Parameter(description = "check the manifest, store nothing") @RequestParam(defaultValue = "false")
                    boolean dryRun,
            @RequestBody WorkflowManifest manifest,
            ProjectScope scope) {
        WorkflowService.Applied applied = workflows.apply(scope, namespace, name, manifest, dryRun);
        HttpStatus status =
                applied.change() == WorkflowService.Change.created && !dryRun ? HttpStatus.CREATED : HttpStatus.OK;
        return ResponseEntity.status(status)
                .header(APPLIED, applied.change().name())
                .body(applied.workflow());
    }

    @PostMapping("/{namespace}/{name}/run")
    @Operation(
            summary = "Start a new run of a workflow that is not in progress (operator)",
            description = "Its steps start again from its entry; their earlier runs stay as runs of their"
                    + " experiments. Follow it with GET /api/v1/workflows/{namespace}/{name}.")
    @ApiResponse(responseCode = "200", description = "started; the workflow with its steps")
    @ApiResponse(
            responseCode = "409",
            description = "the workflow is running or suspended, or a halt in force refuses the run of its first step")
    @ApiResponse(responseCode = "403", description = "a viewer's key, or a policy refuses one of its experiments")
    WorkflowDetail run(@PathVariable String namespace, @PathVariable String name, ProjectScope scope) {
        return workflows.run(scope, namespace, name);
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
