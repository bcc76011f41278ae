package io.chaosplane.controlplane.web;

import io.chaosplane.controlplane.access.Permission;
import io.chaosplane.controlplane.workflow.WorkflowManifest;
import io.chaosplane.controlplane.workflow.WorkflowService;
import io.chaosplane.controlplane.workflow.WorkflowViews.WorkflowDetail;
import io.chaosplane.service.web.ConflictException;
import io.chaosplane.service.web.FieldProblem;
import io.chaosplane.service.web.InvalidInputException;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Workflows: the list, one workflow with its steps kept live like a run, a YAML/JSON editor to create one, and the
 * operator's resume and abort.
 */
@Controller
class WorkflowPages {

    static final List<String> PHASES =
            List.of("Pending", "Running", "Suspended", "Completed", "Failed", "Aborted", "Stopped");
    private static final Set<String> FINISHED = Set.of("Completed", "Failed", "Aborted", "Stopped");
    private static final String EXAMPLE = """
            apiVersion: chaos.chaosplane.io/v1alpha1
            kind: ChaosWorkflow
            metadata:
              name: game-day
              namespace: default
            spec:
              entry: main
              templates:
                - name: main
                  templateType: Serial
                  children: [approve, cpu]
                - name: approve
                  templateType: Suspend
                  suspend:
                    timeout: 1h
                    onTimeout: fail
                - name: cpu
                  templateType: Experiment
                  experiment:
                    name: cpu-hog
            """;

    private final WorkflowService workflows;
    private final Manifests documents;

    WorkflowPages(WorkflowService workflows, Manifests documents) {
        this.workflows = workflows;
        this.documents = documents;
    }

    @GetMapping("/workflows")
    String list(
            Workspace ws,
            @RequestParam(required = false) String namespace,
            @RequestParam(required = false) String phase,
            @RequestParam(defaultValue = "1") int page,
            Model model) {
        String namespaceFilter = InfrastructurePages.blankToNull(namespace);
        String phaseFilter = phase != null && PHASES.contains(phase) ? phase : null;
        model.addAttribute(
                "page", PageView.of(workflows.list(ws.scope(), namespaceFilter, phaseFilter, PageView.paging(page))));
        model.addAttribute("namespace", namespaceFilter == null ? "" : namespaceFilter);
        model.addAttribute("phase", phaseFilter == null ? "" : phaseFilter);
        model.addAttribute("phases", PHASES);
        return "workflows/list";
    }

    @GetMapping("/workflows/{namespace}/{name}")
    String detail(Workspace ws, @PathVariable String namespace, @PathVariable String name, Model model) {
        WorkflowDetail workflow = workflows.get(ws.scope(), namespace, name);
        model.addAttribute("workflow", workflow);
        model.addAttribute("finished", FINISHED.contains(workflow.status().phase()));
        return "workflows/detail";
    }

    /** The part of the page that changes while the workflow goes on. */
    @GetMapping("/workflows/{namespace}/{name}/live")
    String live(Workspace ws, @PathVariable String namespace, @PathVariable String name, Model model) {
        detail(ws, namespace, name, model);
        return "workflows/detail :: live";
    }

    @GetMapping("/workflows/new")
    String newWorkflow(Workspace ws, Model model) {
        ws.require(Permission.MANAGE);
        return editor(EXAMPLE, List.of(), model);
    }

    @PostMapping("/workflows")
    String create(Workspace ws, @RequestParam(defaultValue = "") String document, Model model) {
        try {
            WorkflowDetail created = workflows.create(ws.scope(), documents.read(document, WorkflowManifest.class));
            return "redirect:/workflows/" + created.metadata().namespace() + "/"
                    + created.metadata().name();
        } catch (InvalidInputException invalid) {
            return editor(document, documents.locate(document, invalid.fieldProblems()), model);
        } catch (ConflictException exists) {
            return editor(
                    document,
                    documents.locate(document, List.of(new FieldProblem("metadata.name", exists.getMessage()))),
                    model);
        }
    }

    @PostMapping("/workflows/{namespace}/{name}/resume")
    String resume(
            Workspace ws, @PathVariable String namespace, @PathVariable String name, RedirectAttributes redirect) {
        workflows.resume(ws.scope(), namespace, name);
        redirect.addFlashAttribute("notice", "Resumed: the workflow goes on past its suspend step.");
        return "redirect:/workflows/" + namespace + "/" + name;
    }

    @GetMapping("/workflows/{namespace}/{name}/abort")
    String confirmAbort(Workspace ws, @PathVariable String namespace, @PathVariable String name, Model model) {
        workflows.get(ws.scope(), namespace, name);
        ws.require(Permission.OPERATE);
        String path = "/workflows/" + namespace + "/" + name;
        model.addAttribute(
                "confirm",
                new Confirmation(
                        "Abort workflow " + name + "?",
                        "Its running experiments are aborted and their faults reverted; the steps after them do not run.",
                        path + "/abort",
                        "Abort workflow",
                        path));
        return Confirmation.VIEW;
    }

    @PostMapping("/workflows/{namespace}/{name}/abort")
    String abort(Workspace ws, @PathVariable String namespace, @PathVariable String name, RedirectAttributes redirect) {
        workflows.abort(ws.scope(), namespace, name);
        redirect.addFlashAttribute("notice", "Abort requested: running experiments are being reverted.");
        return "redirect:/workflows/" + namespace + "/" + name;
    }

    @GetMapping("/workflows/{namespace}/{name}/delete")
    String confirmDelete(Workspace ws, @PathVariable String namespace, @PathVariable String name, Model model) {
        workflows.get(ws.scope(), namespace, name);
        ws.require(Permission.MANAGE);
        String path = "/workflows/" + namespace + "/" + name;
        model.addAttribute(
                "confirm",
                new Confirmation(
                        "Delete workflow " + name + "?",
                        "The workflow and its steps' history are deleted, with the experiments it made for its status checks.",
                        path + "/delete",
                        "Delete workflow",
                        path));
        return Confirmation.VIEW;
    }

    @PostMapping("/workflows/{namespace}/{name}/delete")
    String delete(
            Workspace ws, @PathVariable String namespace, @PathVariable String name, RedirectAttributes redirect) {
        workflows.delete(ws.scope(), namespace, name);
        redirect.addFlashAttribute("notice", "Workflow " + name + " deleted.");
        return "redirect:/workflows";
    }

    private static String editor(String document, List<Manifests.Problem> problems, Model model) {
        model.addAttribute("document", document);
        model.addAttribute("problems", problems);
        return "workflows/new";
    }
}
