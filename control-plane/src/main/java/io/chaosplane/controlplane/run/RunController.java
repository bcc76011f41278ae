package io.chaosplane.controlplane.run;

import io.chaosplane.controlplane.run.RunViews.RunView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/runs")
@Tag(name = "Runs", description = "Runs of experiments: phase, node tree, verdicts, resiliency score")
class RunController {

    private final RunService runs;

    RunController(RunService runs) {
        this.runs = runs;
    }

    @GetMapping("/{runId}")
    @Operation(summary = "Get a run with its steps and faults, their phases, verdicts and probe results, and its score")
    RunView get(@PathVariable UUID runId) {
        return runs.get(runId);
    }

    @PostMapping("/{runId}/approve")
    @Operation(
            summary = "Approve a run a policy holds for approval (operator): nothing is injected before; 409 unless"
                    + " it waits")
    RunView approve(@PathVariable UUID runId) {
        return runs.approve(runId);
    }

    @PostMapping("/{runId}/pause")
    @Operation(
            summary = "Pause a running run (operator): faults are reverted and their clocks stop; 409 unless running")
    RunView pause(@PathVariable UUID runId) {
        return runs.pause(runId);
    }

    @PostMapping("/{runId}/resume")
    @Operation(summary = "Resume a paused run (operator): faults go back in force for what remains; 409 unless paused")
    RunView resume(@PathVariable UUID runId) {
        return runs.resume(runId);
    }

    @PostMapping("/{runId}/abort")
    @Operation(summary = "Abort a run (operator): queued faults stop at once, running ones as their agents revert")
    RunView abort(@PathVariable UUID runId) {
        return runs.abort(runId);
    }
}
