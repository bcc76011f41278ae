package io.chaosplane.controlplane.web;

import io.chaosplane.controlplane.access.Role;
import io.chaosplane.controlplane.auth.InvitationDtos.CreateInvitation;
import io.chaosplane.controlplane.auth.InvitationDtos.CreatedInvitation;
import io.chaosplane.controlplane.auth.InvitationDtos.InvitationView;
import io.chaosplane.controlplane.auth.InvitationService;
import io.chaosplane.controlplane.auth.MemberDtos.ChangeRole;
import io.chaosplane.controlplane.auth.MemberDtos.MemberView;
import io.chaosplane.controlplane.auth.MemberService;
import io.chaosplane.service.web.InvalidInputException;
import io.chaosplane.service.web.Paging;
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
 * Settings, members: who may do what where; admins invite people (the one-time link shown once), change their roles,
 * disable and remove them.
 */
@Controller
class MemberPages {

    static final List<String> ROLES = List.of("viewer", "operator", "admin");

    /** The invitation form as typed. */
    public record InviteForm(String email, String role, String organization, String project) {

        static final InviteForm EMPTY = new InviteForm("", "viewer", "", "");
    }

    private final MemberService members;
    private final InvitationService invitations;
    private final BeanChecks checks;

    MemberPages(MemberService members, InvitationService invitations, BeanChecks checks) {
        this.members = members;
        this.invitations = invitations;
        this.checks = checks;
    }

    @GetMapping("/settings")
    String settings() {
        return "redirect:/settings/members";
    }

    @GetMapping("/settings/members")
    String list(@RequestParam(defaultValue = "1") int page, Model model) {
        return page(page, InviteForm.EMPTY, FormErrors.NONE, model);
    }

    @PostMapping("/settings/members/invitations")
    String invite(InviteForm form, Model model) {
        try {
            CreateInvitation request = new CreateInvitation(
                    trim(form.email()),
                    role(form.role()),
                    InfrastructurePages.blankToNull(form.organization()),
                    InfrastructurePages.blankToNull(form.project()));
            checks.validate(request);
            CreatedInvitation created = invitations.create(request);
            model.addAttribute("created", created);
            return page(1, InviteForm.EMPTY, FormErrors.NONE, model);
        } catch (InvalidInputException invalid) {
            return page(1, form, FormErrors.of(invalid.fieldProblems(), MemberPages::formField), model);
        }
    }

    @PostMapping("/settings/members/invitations/{id}/revoke")
    String revokeInvitation(@PathVariable UUID id, RedirectAttributes redirect) {
        InvitationView revoked = invitations.revoke(id);
        redirect.addFlashAttribute("notice", "The invitation of " + revoked.email() + " is revoked.");
        return "redirect:/settings/members";
    }

    @PostMapping("/settings/members/{id}/disable")
    String disable(@PathVariable UUID id, RedirectAttributes redirect) {
        MemberView disabled = members.disable(id);
        redirect.addFlashAttribute(
                "notice", disabled.email() + " is disabled in this account; the keys they made are revoked.");
        return "redirect:/settings/members";
    }

    @PostMapping("/settings/members/{id}/enable")
    String enable(@PathVariable UUID id, RedirectAttributes redirect) {
        MemberView enabled = members.enable(id);
        redirect.addFlashAttribute("notice", enabled.email() + " is enabled again.");
        return "redirect:/settings/members";
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

    private String page(int page, InviteForm form, FormErrors errors, Model model) {
        model.addAttribute("page", PageView.of(members.list(PageView.paging(page))));
        model.addAttribute(
                "invitations",
                invitations.list(new Paging(0, 100)).items().stream()
                        .filter(invitation -> invitation.status().equals("pending"))
                        .toList());
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
