package io.chaosplane.controlplane.web;

import io.chaosplane.controlplane.access.Permission;
import io.chaosplane.controlplane.experiment.ExperimentService;
import io.chaosplane.controlplane.experiment.ExperimentViews.ExperimentDetail;
import io.chaosplane.controlplane.run.RunPhase;
import io.chaosplane.controlplane.run.RunViews.RunView;
import java.util.Arrays;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Experiments: the list with filters, one experiment with its run history, running it again, deleting it. */
@Controller
class ExperimentPages {

    static final List<String> PHASES =
            Arrays.stream(RunPhase.values()).map(RunPhase::name).toList();

    private final ExperimentService experiments;

    ExperimentPages(ExperimentService experiments) {
        this.experiments = experiments;
    }

    @GetMapping("/experiments")
    String list(
            Workspace ws,
            @RequestParam(required = false) String namespace,
            @RequestParam(required = false) String phase,
            @RequestParam(defaultValue = "1") int page,
            Model model) {
        String namespaceFilter = InfrastructurePages.blankToNull(namespace);
        String phaseFilter = phase != null && PHASES.contains(phase) ? phase : null;
        model.addAttribute(
                "page", PageView.of(experiments.list(ws.scope(), namespaceFilter, phaseFilter, PageView.paging(page))));
        model.addAttribute("namespace", namespaceFilter == null ? "" : namespaceFilter);
        model.addAttribute("phase", phaseFilter == null ? "" : phaseFilter);
        model.addAttribute("phases", PHASES);
        return "experiments/list";
    }

    @GetMapping("/experiments/{namespace}/{name}")
    String detail(
            Workspace ws,
            @PathVariable String namespace,
            @PathVariable String name,
            @RequestParam(defaultValue = "1") int page,
            Model model) {
        ExperimentDetail experiment = experiments.get(ws.scope(), namespace, name);
        model.addAttribute("experiment", experiment);
        model.addAttribute("manifest", experiment.spec());
        model.addAttribute("runs", PageView.of(experiments.runsOf(ws.scope(), namespace, name, PageView.paging(page))));
        return "experiments/detail";
    }

    @PostMapping("/experiments/{namespace}/{name}/run")
    String run(Workspace ws, @PathVariable String namespace, @PathVariable String name) {
        RunView run = experiments.run(ws.scope(), namespace, name);
        return "redirect:/runs/" + run.runId();
    }

    @GetMapping("/experiments/{namespace}/{name}/delete")
    String confirmDelete(Workspace ws, @PathVariable String namespace, @PathVariable String name, Model model) {
        ws.require(Permission.MANAGE);
        experiments.get(ws.scope(), namespace, name);
        String path = "/experiments/" + namespace + "/" + name;
        model.addAttribute(
                "confirm",
                new Confirmation(
                        "Delete experiment " + name + "?",
                        "The experiment and the history of all its runs are deleted. This cannot be undone.",
                        path + "/delete",
                        "Delete experiment",
                        path));
        return Confirmation.VIEW;
    }

    @PostMapping("/experiments/{namespace}/{name}/delete")
    String delete(
            Workspace ws, @PathVariable String namespace, @PathVariable String name, RedirectAttributes redirect) {
        experiments.delete(ws.scope(), namespace, name);
        redirect.addFlashAttribute("notice", "Experiment " + name + " deleted.");
        return "redirect:/experiments";
    }
}
