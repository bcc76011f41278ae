package io.chaosplane.controlplane.web;

import io.chaosplane.controlplane.access.Role;
import io.chaosplane.controlplane.auth.MemberDtos.AddMember;
import io.chaosplane.controlplane.auth.MemberDtos.ChangeRole;
import io.chaosplane.controlplane.auth.MemberDtos.MemberView;
import io.chaosplane.controlplane.auth.MemberService;
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

/** Settings, members: who may do what where; admins add people, change their roles and remove them. */
@Controller
class MemberPages {

    static final List<String> ROLES = List.of("viewer", "operator", "admin");

    /** The add form as typed. */
    public record MemberForm(
            String email, String displayName, String password, String role, String organization, String project) {

        static final MemberForm EMPTY = new MemberForm("", "", "", "viewer", "", "");
    }

    private final MemberService members;
    private final BeanChecks checks;

    MemberPages(MemberService members, BeanChecks checks) {
        this.members = members;
        this.checks = checks;
    }

    @GetMapping("/settings")
    String settings() {
        return "redirect:/settings/members";
    }

    @GetMapping("/settings/members")
    String list(@RequestParam(defaultValue = "1") int page, Model model) {
        return page(page, MemberForm.EMPTY, FormErrors.NONE, model);
    }

    @PostMapping("/settings/members")
    String add(MemberForm form, RedirectAttributes redirect, Model model) {
        try {
            AddMember request = new AddMember(
                    trim(form.email()),
                    InfrastructurePages.blankToNull(form.displayName()),
                    form.password() == null || form.password().isEmpty() ? null : form.password(),
                    role(form.role()),
                    InfrastructurePages.blankToNull(form.organization()),
                    InfrastructurePages.blankToNull(form.project()));
            checks.validate(request);
            MemberView added = members.add(request);
            redirect.addFlashAttribute(
                    "notice", added.email() + " is now " + added.role() + " of " + scope(added) + ".");
            return "redirect:/settings/members";
        } catch (InvalidInputException invalid) {
            return page(1, form, FormErrors.of(invalid.fieldProblems(), MemberPages::formField), model);
        } catch (ConflictException exists) {
            return page(1, form, FormErrors.of(List.of(new FieldProblem("email", exists.getMessage()))), model);
        }
    }

    @PostMapping("/settings/members/{id}/role")
    String changeRole(@PathVariable UUID id, @RequestParam String role, RedirectAttributes redirect) {
        MemberView changed = members.changeRole(id, new ChangeRole(role(role)));
        redirect.addFlashAttribute(
                "notice", changed.email() + " is now " + changed.role() + " of " + scope(changed) + ".");
        return "redirect:/settings/members";
    }

    @GetMapping("/settings/members/{id}/remove")
    String confirmRemove(@PathVariable UUID id, @RequestParam String email, Model model) {
        model.addAttribute(
                "confirm",
                new Confirmation(
                        "Remove " + email + "?",
                        "They lose this role at once; their other memberships stay.",
                        "/settings/members/" + id + "/remove",
                        "Remove member",
                        "/settings/members"));
        return Confirmation.VIEW;
    }

    @PostMapping("/settings/members/{id}/remove")
    String remove(@PathVariable UUID id, RedirectAttributes redirect) {
        members.remove(id);
        redirect.addFlashAttribute("notice", "Member removed.");
        return "redirect:/settings/members";
    }

    private String page(int page, MemberForm form, FormErrors errors, Model model) {
        model.addAttribute("page", PageView.of(members.list(PageView.paging(page))));
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("roles", ROLES);
        return "settings/members";
    }

    private static String formField(String field) {
        return switch (field) {
            case "organizationIdentifier" -> "organization";
            case "projectIdentifier" -> "project";
            default -> field;
        };
    }

    static Role role(String value) {
        try {
            return value == null || value.isBlank() ? null : Role.fromWire(value);
        } catch (IllegalArgumentException e) {
            throw InvalidInputException.of("role", e.getMessage());
        }
    }

    static String scope(MemberView member) {
        return member.organizationIdentifier() == null
                ? "the account"
                : member.projectIdentifier() == null
                        ? "organization " + member.organizationIdentifier()
                        : "project " + member.organizationIdentifier() + "/" + member.projectIdentifier();
    }

    private static String trim(String value) {
        return value == null ? null : value.trim();
    }
}
