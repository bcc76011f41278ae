package io.chaosplane.controlplane.web;

import io.chaosplane.controlplane.access.Caller;
import io.chaosplane.controlplane.access.CallerContext;
import io.chaosplane.controlplane.auth.InvitationDtos.AcceptInvitation;
import io.chaosplane.controlplane.auth.InvitationDtos.AcceptedInvitation;
import io.chaosplane.controlplane.auth.InvitationDtos.InvitationPreview;
import io.chaosplane.controlplane.auth.InvitationService;
import io.chaosplane.service.web.ConflictException;
import io.chaosplane.service.web.ForbiddenException;
import io.chaosplane.service.web.InvalidInputException;
import io.chaosplane.service.web.NotFoundException;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Objects;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.util.UriUtils;

/**
 * The page an invitation's link opens: a new person sets their name and their own password; someone who signs in
 * already signs in (and comes back here) and accepts as themselves.
 */
@Controller
class InvitationPages {

    static final String VIEW = "invitation";

    /** The new person's form as typed; the passwords are never shown back. */
    public record JoinForm(String displayName, String password, String passwordAgain) {}

    private final InvitationService invitations;
    private final CallerContext callers;
    private final BeanChecks checks;

    InvitationPages(InvitationService invitations, CallerContext callers, BeanChecks checks) {
        this.invitations = invitations;
        this.callers = callers;
        this.checks = checks;
    }

    @GetMapping("/invitations/{token}")
    String show(@PathVariable String token, Model model, HttpServletResponse response) {
        return page(token, "", FormErrors.NONE, model, response);
    }

    /** Opened through the log-in page by someone who signs in already; back to the invitation, signed in. */
    @GetMapping("/invitations/{token}/signin")
    String signIn(@PathVariable String token) {
        return "redirect:/invitations/" + UriUtils.encodePathSegment(token, java.nio.charset.StandardCharsets.UTF_8);
    }

    @PostMapping("/invitations/{token}")
    String accept(@PathVariable String token, JoinForm form, Model model, HttpServletResponse response) {
        boolean signedIn = signedInEmail() != null;
        try {
            if (!signedIn && !Objects.equals(form.password(), form.passwordAgain())) {
                throw InvalidInputException.of("passwordAgain", "is not the same password");
            }
            AcceptInvitation request = signedIn
                    ? new AcceptInvitation(token, null, null)
                    : new AcceptInvitation(
                            token,
                            form.displayName() == null
                                    ? null
                                    : form.displayName().trim(),
                            form.password() == null || form.password().isEmpty() ? null : form.password());
            checks.validate(request);
            AcceptedInvitation accepted = invitations.accept(request);
            return accepted.newPerson()
                    ? "redirect:/login?joined"
                    : "redirect:/?accountIdentifier=" + accepted.accountIdentifier();
        } catch (InvalidInputException invalid) {
            return page(token, form.displayName(), FormErrors.of(invalid.fieldProblems()), model, response);
        } catch (ConflictException | ForbiddenException refused) {
            return page(token, form.displayName(), FormErrors.general(refused.getMessage()), model, response);
        }
    }

    private String page(
            String token, String displayName, FormErrors errors, Model model, HttpServletResponse response) {
        try {
            InvitationPreview invitation = invitations.preview(token);
            model.addAttribute("invitation", invitation);
            model.addAttribute("token", token);
        } catch (NotFoundException gone) {
            response.setStatus(HttpServletResponse.SC_NOT_FOUND);
            model.addAttribute("gone", gone.getMessage());
        }
        model.addAttribute("signedInAs", signedInEmail());
        model.addAttribute("displayName", displayName == null ? "" : displayName);
        model.addAttribute("errors", errors);
        return VIEW;
    }

    private String signedInEmail() {
        return callers.current()
                .filter(caller -> caller.kind() == Caller.Kind.USER)
                .map(caller -> caller.actor().substring("user:".length()))
                .orElse(null);
    }
}
