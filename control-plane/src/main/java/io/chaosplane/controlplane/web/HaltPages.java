package io.chaosplane.controlplane.web;

import io.chaosplane.controlplane.access.Permission;
import io.chaosplane.controlplane.halt.HaltDtos.HaltView;
import io.chaosplane.controlplane.halt.HaltService;
import io.chaosplane.protocol.api.HaltRequest;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The top bar's red Halt button (operators): after a confirmation, every run of the current project stops and its
 * agents revert their faults, and a progress view lists the runs and faults until every fault is reverted; the banner
 * of every page shows the active halts, with a Lift button for admins.
 */
@Controller
class HaltPages {

    private final HaltService halts;

    HaltPages(HaltService halts) {
        this.halts = halts;
    }

    @GetMapping("/halt")
    String confirm(Workspace ws, Model model) {
        ws.require(Permission.OPERATE);
        model.addAttribute(
                "confirm",
                new Confirmation(
                        "Halt everything in " + ws.organization() + "/" + ws.projectIdentifier() + "?",
                        "Every pending, running or paused run of the project stops (phase Stopped), its agents revert"
                                + " every fault they hold at once, and no run starts in the project until an admin"
                                + " lifts the halt.",
                        "/halt",
                        "Halt now",
                        "/"));
        return Confirmation.VIEW;
    }

    @PostMapping("/halt")
    String halt(Workspace ws, RedirectAttributes redirect) {
        HaltView halt = halts.create(
                        new HaltRequest(
                                "project",
                                ws.organization(),
                                ws.projectIdentifier(),
                                null,
                                null,
                                "halted from the web UI by " + ws.actor()),
                        null)
                .halt();
        redirect.addFlashAttribute(
                "notice",
                "Halted: " + halt.runsStopped() + " run(s) stopped, " + halt.faultsReverting()
                        + " fault(s) being reverted by their agents.");
        return "redirect:/halts/" + halt.id();
    }

    /** The halt's progress: its runs and their faults, polled until every fault is reverted. */
    @GetMapping("/halts/{id}")
    String progress(@PathVariable UUID id, Model model) {
        model.addAttribute("progress", halts.progress(id));
        return "halts/progress";
    }

    @GetMapping("/halts/{id}/progress")
    String progressFragment(@PathVariable UUID id, Model model) {
        progress(id, model);
        return "halts/progress :: progress";
    }

    @PostMapping("/halts/{id}/lift")
    String lift(@PathVariable UUID id, RedirectAttributes redirect) {
        halts.lift(id);
        redirect.addFlashAttribute("notice", "Halt lifted: runs may start again.");
        return "redirect:/";
    }
}
