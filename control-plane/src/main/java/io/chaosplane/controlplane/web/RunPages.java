package io.chaosplane.controlplane.web;

import io.chaosplane.controlplane.access.Permission;
import io.chaosplane.controlplane.run.RunService;
import io.chaosplane.controlplane.run.RunViews.FaultView;
import io.chaosplane.controlplane.run.RunViews.RunView;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A run: its step/fault tree, verdicts, probes and score, kept live by the page's script (WebSocket updates make it
 * fetch {@code /runs/{id}/live} again), its logs followed through the control plane, and the operator's actions.
 */
@Controller
class RunPages {

    private final RunService runs;

    RunPages(RunService runs) {
        this.runs = runs;
    }

    @GetMapping("/runs/{runId}")
    String run(@PathVariable UUID runId, Model model) {
        RunView run = runs.get(runId);
        model.addAttribute("run", run);
        model.addAttribute("faults", faultsOf(run));
        return "runs/detail";
    }

    /** The part of the page that changes while the run goes on. */
    @GetMapping("/runs/{runId}/live")
    String live(@PathVariable UUID runId, Model model) {
        run(runId, model);
        return "runs/detail :: live";
    }

    @GetMapping("/runs/{runId}/abort")
    String confirmAbort(Workspace ws, @PathVariable UUID runId, Model model) {
        RunView run = runs.get(runId);
        ws.require(Permission.OPERATE);
        model.addAttribute(
                "confirm",
                new Confirmation(
                        "Abort run " + run.runSequence() + " of " + run.experimentName() + "?",
                        "Faults waiting to start are withdrawn; faults in force are reverted by their agents, and the"
                                + " run ends Aborted. It cannot be resumed.",
                        "/runs/" + runId + "/abort",
                        "Abort run",
                        "/runs/" + runId));
        return Confirmation.VIEW;
    }

    @PostMapping("/runs/{runId}/abort")
    String abort(@PathVariable UUID runId, RedirectAttributes redirect) {
        runs.abort(runId);
        redirect.addFlashAttribute("notice", "Abort requested: the agents revert the faults in force.");
        return "redirect:/runs/" + runId;
    }

    @PostMapping("/runs/{runId}/pause")
    String pause(@PathVariable UUID runId, RedirectAttributes redirect) {
        runs.pause(runId);
        redirect.addFlashAttribute("notice", "Paused: faults are reverted and their clocks stopped until you resume.");
        return "redirect:/runs/" + runId;
    }

    @PostMapping("/runs/{runId}/resume")
    String resume(@PathVariable UUID runId, RedirectAttributes redirect) {
        runs.resume(runId);
        redirect.addFlashAttribute("notice", "Resumed for what remains of each fault.");
        return "redirect:/runs/" + runId;
    }

    @PostMapping("/runs/{runId}/approve")
    String approve(@PathVariable UUID runId, RedirectAttributes redirect) {
        runs.approve(runId);
        redirect.addFlashAttribute("notice", "Approved: the run's first step goes out to its agents.");
        return "redirect:/runs/" + runId;
    }

    private static List<FaultView> faultsOf(RunView run) {
        return run.steps().stream().flatMap(step -> step.faults().stream()).toList();
    }
}
