package io.chaosplane.controlplane.experiment;

import io.chaosplane.controlplane.access.ProjectScope;
import io.chaosplane.controlplane.common.Cursor;
import io.chaosplane.controlplane.experiment.ExperimentViews.ExperimentDetail;
import io.chaosplane.controlplane.experiment.ExperimentViews.ExperimentSummary;
import io.chaosplane.controlplane.run.RunViews.RunSummary;
import io.chaosplane.controlplane.run.RunViews.RunView;
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

/** Seed 000's experiments API. The project is named by query parameters, else by the API key, else the default. */
@RestController
@RequestMapping("/api/v1/experiments")
@Tag(
        name = "Experiments",
        description = "Seed 000's ChaosExperiment API: create (starts a run), apply (create or update without a run),"
                + " list, get, run, abort, delete")
class ExperimentController {

    private static final String YAML = "application/yaml";

    /** The header of a PUT's answer that says what it changed. */
    static final String APPLIED = "X-ChaosPlane-Applied";

    private final ExperimentService experiments;

    ExperimentController(ExperimentService experiments) {
        this.experiments = experiments;
    }

    @PostMapping(consumes = {"application/json", YAML, "application/x-yaml", "text/yaml"})
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(
            summary =
                    "Create an experiment from a ChaosExperiment manifest (JSON or YAML) and start it (project admin)")
    ExperimentDetail create(@RequestBody ExperimentManifest manifest, ProjectScope scope) {
        return experiments.create(scope, manifest);
    }

    @PutMapping(
            path = "/{namespace}/{name}",
            consumes = {"application/json", YAML, "application/x-yaml", "text/yaml"})
    @Operation(
            summary = "Create or update an experiment from a ChaosExperiment manifest without starting a run"
                    + " (project admin)",
            description = "The manifest's metadata.name and metadata.namespace must be those of the path. A manifest"
                    + " equal to the stored one changes nothing (200, " + APPLIED + ": unchanged). With"
                    + " dryRun=true the manifest is checked as it would be and nothing is stored; the answer says what"
                    + " would change.")
    @ApiResponse(
            responseCode = "201",
            description = "created",
            headers = @Header(name = APPLIED, description = "created, updated or unchanged"))
    @ApiResponse(
            responseCode = "200",
            description = "updated or unchanged, or a dry run",
            headers = @Header(name = APPLIED, description = "created, updated or unchanged"))
    ResponseEntity<ExperimentDetail> apply(
            @PathVariable String namespace,
            @PathVariable String name,
            @Parameter(description = "check the manifest, store nothing") @RequestParam(defaultValue = "false")
                    boolean dryRun,
            @RequestBody ExperimentManifest manifest,
            ProjectScope scope) {
        ExperimentService.Applied applied = experiments.apply(scope, namespace, name, manifest, dryRun);
        HttpStatus status =
                applied.change() == ExperimentService.Change.created && !dryRun ? HttpStatus.CREATED : HttpStatus.OK;
        return ResponseEntity.status(status)
                .header(APPLIED, applied.change().name())
                .body(applied.experiment());
    }

    @GetMapping
    @Operation(
            summary =
                    "List experiments with the phase of their latest run, newest first; filter by namespace and phase",
            description = Cursor.PAGING)
    ListResponse<ExperimentSummary> list(
            @RequestParam(required = false) String namespace,
            @Parameter(description = "Pending, Running, Completed, Failed or Aborted") @RequestParam(required = false)
                    String phase,
            @Valid @ParameterObject PageParams page,
            @Parameter(description = Cursor.DESCRIPTION) @RequestParam(required = false) String cursor,
            ProjectScope scope) {
        return experiments.list(scope, namespace, phase, page.paging(), cursor);
    }

    @GetMapping("/{namespace}/{name}")
    @Operation(
            summary = "Get an experiment: spec, status, conditions, affected resources, and its latest run's node tree")
    ExperimentDetail get(@PathVariable String namespace, @PathVariable String name, ProjectScope scope) {
        return experiments.get(scope, namespace, name);
    }

    @DeleteMapping("/{namespace}/{name}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete an experiment and its runs (project admin); 409 while a run is in progress")
    void delete(@PathVariable String namespace, @PathVariable String name, ProjectScope scope) {
        experiments.delete(scope, namespace, name);
    }

    @PostMapping("/{namespace}/{name}/run")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Run the experiment again (operator); 409 while a run is in progress")
    RunView run(@PathVariable String namespace, @PathVariable String name, ProjectScope scope) {
        return experiments.run(scope, namespace, name);
    }

    @PostMapping("/{namespace}/{name}/abort")
    @Operation(summary = "Abort the run in progress (operator): its faults are reverted; 409 when none is in progress")
    ExperimentDetail abort(@PathVariable String namespace, @PathVariable String name, ProjectScope scope) {
        return experiments.abort(scope, namespace, name);
    }

    @PostMapping("/{namespace}/{name}/pause")
    @Operation(
            summary = "Pause the run in progress (operator): faults are reverted and their clocks stop; 409 when"
                    + " it is not running")
    ExperimentDetail pause(@PathVariable String namespace, @PathVariable String name, ProjectScope scope) {
        return experiments.pause(scope, namespace, name);
    }

    @PostMapping("/{namespace}/{name}/resume")
    @Operation(summary = "Resume the paused run (operator) for the remaining duration; 409 when it is not paused")
    ExperimentDetail resume(@PathVariable String namespace, @PathVariable String name, ProjectScope scope) {
        return experiments.resume(scope, namespace, name);
    }

    @GetMapping("/{namespace}/{name}/runs")
    @Operation(summary = "List the experiment's runs, newest first", description = Cursor.PAGING)
    ListResponse<RunSummary> runs(
            @PathVariable String namespace,
            @PathVariable String name,
            @Valid @ParameterObject PageParams page,
            @Parameter(description = Cursor.DESCRIPTION) @RequestParam(required = false) String cursor,
            ProjectScope scope) {
        return experiments.runsOf(scope, namespace, name, page.paging(), cursor);
    }
}
