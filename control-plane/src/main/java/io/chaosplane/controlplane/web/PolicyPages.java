package io.chaosplane.controlplane.web;

import io.chaosplane.controlplane.access.Permission;
import io.chaosplane.controlplane.policy.PolicyDtos.PolicyRequest;
import io.chaosplane.controlplane.policy.PolicyDtos.PolicyView;
import io.chaosplane.controlplane.policy.PolicyService;
import io.chaosplane.service.web.ConflictException;
import io.chaosplane.service.web.FieldProblem;
import io.chaosplane.service.web.InvalidInputException;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Policies: the list, one policy as YAML, and an editor for YAML or JSON whose problems show at their lines. */
@Controller
class PolicyPages {

    private static final String EXAMPLE = """
            name: office-hours
            description: Chaos only while people are at work
            enabled: true
            rules:
              - name: weekdays
                type: timeWindow
                windows:
                  - days: [Mon, Tue, Wed, Thu, Fri]
                    start: "09:00"
                    end: "17:00"
                    timezone: UTC
              - name: short-faults
                type: maxDuration
                max: 10m
            """;

    private final PolicyService policies;
    private final Manifests documents;
    private final BeanChecks checks;

    PolicyPages(PolicyService policies, Manifests documents, BeanChecks checks) {
        this.policies = policies;
        this.documents = documents;
        this.checks = checks;
    }

    @GetMapping("/policies")
    String list(Workspace ws, @RequestParam(defaultValue = "1") int page, Model model) {
        model.addAttribute("page", PageView.of(policies.list(ws.scope(), PageView.paging(page))));
        return "policies/list";
    }

    @GetMapping("/policies/{name}")
    String view(Workspace ws, @PathVariable String name, Model model) {
        PolicyView policy = policies.get(ws.scope(), name);
        model.addAttribute("policy", policy);
        model.addAttribute("document", documents.write(requestOf(policy)));
        return "policies/view";
    }

    @GetMapping("/policies/new")
    String newPolicy(Workspace ws, Model model) {
        ws.require(Permission.MANAGE);
        return editor(null, EXAMPLE, List.of(), model);
    }

    @PostMapping("/policies")
    String create(
            Workspace ws, @RequestParam(defaultValue = "") String document, RedirectAttributes redirect, Model model) {
        try {
            PolicyRequest request = documents.read(document, PolicyRequest.class);
            checks.validate(request);
            PolicyView created = policies.create(ws.scope(), request);
            redirect.addFlashAttribute("notice", "Policy " + created.name() + " created.");
            return "redirect:/policies/" + created.name();
        } catch (InvalidInputException invalid) {
            return editor(null, document, documents.locate(document, invalid.fieldProblems()), model);
        } catch (ConflictException exists) {
            return editor(
                    null,
                    document,
                    documents.locate(document, List.of(new FieldProblem("name", exists.getMessage()))),
                    model);
        }
    }

    @GetMapping("/policies/{name}/edit")
    String edit(Workspace ws, @PathVariable String name, Model model) {
        PolicyView policy = policies.get(ws.scope(), name);
        ws.require(Permission.MANAGE);
        return editor(name, documents.write(requestOf(policy)), List.of(), model);
    }

    @PostMapping("/policies/{name}")
    String update(
            Workspace ws,
            @PathVariable String name,
            @RequestParam(defaultValue = "") String document,
            RedirectAttributes redirect,
            Model model) {
        try {
            PolicyRequest request = documents.read(document, PolicyRequest.class);
            checks.validate(request);
            policies.update(ws.scope(), name, request);
            redirect.addFlashAttribute("notice", "Policy " + name + " saved.");
            return "redirect:/policies/" + name;
        } catch (InvalidInputException invalid) {
            return editor(name, document, documents.locate(document, invalid.fieldProblems()), model);
        }
    }

    @GetMapping("/policies/{name}/delete")
    String confirmDelete(Workspace ws, @PathVariable String name, Model model) {
        ws.require(Permission.MANAGE);
        policies.get(ws.scope(), name);
        model.addAttribute(
                "confirm",
                new Confirmation(
                        "Delete policy " + name + "?",
                        "Its rules stop applying to runs at once.",
                        "/policies/" + name + "/delete",
                        "Delete policy",
                        "/policies/" + name));
        return Confirmation.VIEW;
    }

    @PostMapping("/policies/{name}/delete")
    String delete(Workspace ws, @PathVariable String name, RedirectAttributes redirect) {
        policies.delete(ws.scope(), name);
        redirect.addFlashAttribute("notice", "Policy " + name + " deleted.");
        return "redirect:/policies";
    }

    private static String editor(String name, String document, List<Manifests.Problem> problems, Model model) {
        model.addAttribute("policyName", name);
        model.addAttribute("title", name == null ? "New policy" : "Edit " + name);
        model.addAttribute("action", name == null ? "/policies" : "/policies/" + name);
        model.addAttribute("cancelUrl", name == null ? "/policies" : "/policies/" + name);
        model.addAttribute("document", document);
        model.addAttribute("problems", problems);
        return "policies/edit";
    }

    private static PolicyRequest requestOf(PolicyView policy) {
        return new PolicyRequest(policy.name(), policy.description(), policy.enabled(), policy.rules());
    }
}
