package io.chaosplane.controlplane.web;

import io.chaosplane.controlplane.access.Permission;
import io.chaosplane.controlplane.infra.InfrastructureDtos.CreateInfrastructure;
import io.chaosplane.controlplane.infra.InfrastructureDtos.InfrastructureView;
import io.chaosplane.controlplane.infra.InfrastructureDtos.InstallInstructions;
import io.chaosplane.controlplane.infra.InfrastructureService;
import io.chaosplane.controlplane.infra.InfrastructureType;
import io.chaosplane.service.web.ConflictException;
import io.chaosplane.service.web.FieldProblem;
import io.chaosplane.service.web.InvalidInputException;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Infrastructures: the list with live status, creating a Linux host or a Kubernetes cluster (its install command or
 * manifest, once), deleting, a new key.
 */
@Controller
class InfrastructurePages {

    /** The create form's fields as typed. */
    public record InfrastructureForm(
            String identifier, String name, String description, String environment, String type) {

        static final InfrastructureForm EMPTY = new InfrastructureForm("", "", "", "", InfrastructureType.Linux.name());

        /** Linux unless Kubernetes was chosen: the radio group offers nothing else. */
        public InfrastructureType infrastructureType() {
            return InfrastructureType.Kubernetes.name().equals(type)
                    ? InfrastructureType.Kubernetes
                    : InfrastructureType.Linux;
        }
    }

    private final InfrastructureService infrastructures;
    private final BeanChecks checks;

    InfrastructurePages(InfrastructureService infrastructures, BeanChecks checks) {
        this.infrastructures = infrastructures;
        this.checks = checks;
    }

    @GetMapping("/infrastructures")
    String list(Workspace ws, @RequestParam(defaultValue = "1") int page, Model model) {
        model.addAttribute("page", PageView.of(infrastructures.list(ws.scope(), PageView.paging(page))));
        return "infrastructures/list";
    }

    /** The list's rows alone: the page polls them to keep the status live. */
    @GetMapping("/infrastructures/rows")
    String rows(Workspace ws, @RequestParam(defaultValue = "1") int page, Model model) {
        list(ws, page, model);
        return "infrastructures/list :: rows";
    }

    @GetMapping("/infrastructures/new")
    String newForm(Workspace ws, Model model) {
        ws.require(Permission.MANAGE);
        return newForm(InfrastructureForm.EMPTY, FormErrors.NONE, model);
    }

    private static String newForm(InfrastructureForm form, FormErrors errors, Model model) {
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        return "infrastructures/new";
    }

    @PostMapping("/infrastructures")
    String create(Workspace ws, InfrastructureForm form, Model model) {
        CreateInfrastructure request = new CreateInfrastructure(
                form.identifier(),
                form.name(),
                blankToNull(form.description()),
                form.infrastructureType(),
                ws.organization(),
                ws.projectIdentifier(),
                blankToNull(form.environment()));
        try {
            checks.validate(request);
            model.addAttribute("install", infrastructures.create(ws.scope(), request));
            return "infrastructures/installed";
        } catch (InvalidInputException invalid) {
            return newForm(
                    form,
                    FormErrors.of(
                            invalid.fieldProblems(),
                            field -> field.equals("environmentIdentifier") ? "environment" : field),
                    model);
        } catch (ConflictException exists) {
            return newForm(form, FormErrors.of(List.of(new FieldProblem("identifier", exists.getMessage()))), model);
        }
    }

    /** The kill switch (operators): off, no run starts there and its agent reverts and refuses every task. */
    @PostMapping("/infrastructures/{id}/chaos")
    String chaos(@PathVariable UUID id, @RequestParam boolean enabled, RedirectAttributes redirect) {
        InfrastructureView infra = infrastructures.setChaosEnabled(id, enabled);
        redirect.addFlashAttribute(
                "notice",
                enabled
                        ? "Chaos enabled on " + infra.name() + ": runs may start there again."
                        : "Chaos disabled on " + infra.name() + ": its agent reverts every fault and refuses every"
                                + " task; no run starts there.");
        return "redirect:/infrastructures";
    }

    @GetMapping("/infrastructures/{id}/delete")
    String confirmDelete(Workspace ws, @PathVariable UUID id, Model model) {
        ws.require(Permission.MANAGE);
        InfrastructureView infra = infrastructures.get(id);
        model.addAttribute(
                "confirm",
                new Confirmation(
                        "Delete infrastructure " + infra.name() + "?",
                        "Its agent's key stops working at once and the infrastructure cannot be targeted any more. Runs in"
                                + " progress on it are not reverted by the control plane.",
                        "/infrastructures/" + id + "/delete",
                        "Delete infrastructure",
                        "/infrastructures"));
        return Confirmation.VIEW;
    }

    @PostMapping("/infrastructures/{id}/delete")
    String delete(@PathVariable UUID id, RedirectAttributes redirect) {
        String name = infrastructures.get(id).name();
        infrastructures.delete(id);
        redirect.addFlashAttribute("notice", "Infrastructure " + name + " deleted.");
        return "redirect:/infrastructures";
    }

    @GetMapping("/infrastructures/{id}/reset-key")
    String confirmResetKey(Workspace ws, @PathVariable UUID id, Model model) {
        ws.require(Permission.MANAGE);
        InfrastructureView infra = infrastructures.get(id);
        model.addAttribute(
                "confirm",
                new Confirmation(
                        "Reset the key of " + infra.name() + "?",
                        "The agent's access key stops working at once; the agent must be installed again with the new"
                                + " command, which is shown once.",
                        "/infrastructures/" + id + "/reset-key",
                        "Reset key",
                        "/infrastructures"));
        return Confirmation.VIEW;
    }

    @PostMapping("/infrastructures/{id}/reset-key")
    String resetKey(@PathVariable UUID id, Model model) {
        InstallInstructions install = infrastructures.resetKey(id);
        model.addAttribute("install", install);
        return "infrastructures/installed";
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
