package io.chaosplane.controlplane.auth;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The log-in's code page and the enrolment page of two-factor sign-in. */
@Controller
class TwoFactorPages {

    private final TwoFactor twoFactor;
    private final TwoFactorSignIn signIn;
    private final LoginThrottle throttle;
    private final LoginAudit audit;

    TwoFactorPages(TwoFactor twoFactor, TwoFactorSignIn signIn, LoginThrottle throttle, LoginAudit audit) {
        this.twoFactor = twoFactor;
        this.signIn = signIn;
        this.throttle = throttle;
        this.audit = audit;
    }

    @GetMapping(TwoFactorSignIn.CODE_PAGE)
    String codePage() {
        return pending().isPresent() ? "two-factor-code" : "redirect:/login";
    }

    @PostMapping(TwoFactorSignIn.CODE_PAGE)
    String code(
            @RequestParam(name = "code", required = false) String code,
            HttpServletRequest request,
            HttpServletResponse response)
            throws IOException, ServletException {
        Optional<PendingSecondFactor> pending = pending();
        if (pending.isEmpty()) {
            return "redirect:/login";
        }
        SignedInUser person = pending.get().person();
        Optional<Duration> locked = throttle.secondFactorLockedFor(person.email(), request.getRemoteAddr());
        if (locked.isPresent()) {
            audit.secondFactor(person.id(), person.email(), "throttled");
            return "redirect:" + TwoFactorSignIn.CODE_PAGE + "?throttled="
                    + Math.max(1, (locked.get().toMillis() + 999) / 1000);
        }
        boolean totp = code != null && code.strip().matches("[0-9]{6}");
        if (code == null || !twoFactor.verifyCodeOrRecoveryCode(person.id(), code)) {
            throttle.secondFactorFailed(person.email(), request.getRemoteAddr());
            audit.secondFactor(person.id(), person.email(), "failure");
            return "redirect:" + TwoFactorSignIn.CODE_PAGE + "?error";
        }
        throttle.secondFactorSucceeded(person.email());
        audit.secondFactor(person.id(), person.email(), totp ? "success" : "recovery-code");
        signIn.complete(person, request, response);
        return null;
    }

    @GetMapping(TwoFactorSignIn.ENROL_PAGE)
    String enrolPage(Model model) {
        SignedInUser person = person();
        TwoFactorStore.State state = twoFactor.state(person.id());
        model.addAttribute("required", state.required());
        if (state.enabled()) {
            model.addAttribute("enabled", true);
            model.addAttribute("recoveryCodesLeft", state.recoveryCodesLeft());
            return "two-factor-enrol";
        }
        TwoFactor.Enrolment enrolment =
                twoFactor.begin(person.id(), person.email()).orElseThrow();
        model.addAttribute("enabled", false);
        model.addAttribute("secret", enrolment.secret());
        model.addAttribute("otpauthUri", enrolment.otpauthUri());
        return "two-factor-enrol";
    }

    @PostMapping(TwoFactorSignIn.ENROL_PAGE)
    String confirm(
            @RequestParam(name = "code", required = false) String code, HttpServletRequest request, Model model) {
        SignedInUser person = person();
        Optional<Duration> locked = throttle.secondFactorLockedFor(person.email(), request.getRemoteAddr());
        if (locked.isPresent()) {
            audit.secondFactor(person.id(), person.email(), "throttled");
            return "redirect:" + TwoFactorSignIn.ENROL_PAGE + "?throttled";
        }
        var codes = code == null ? Optional.<java.util.List<String>>empty() : twoFactor.confirm(person.id(), code);
        if (codes.isEmpty()) {
            throttle.secondFactorFailed(person.email(), request.getRemoteAddr());
            audit.secondFactor(person.id(), person.email(), "enrolment-failure");
            return "redirect:" + TwoFactorSignIn.ENROL_PAGE + "?error";
        }
        audit.secondFactor(person.id(), person.email(), "enrolled");
        model.addAttribute("recoveryCodes", codes.get());
        return "two-factor-recovery-codes";
    }

    private static Optional<PendingSecondFactor> pending() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication != null && authentication.getPrincipal() instanceof PendingSecondFactor pending
                ? Optional.of(pending)
                : Optional.empty();
    }

    private static SignedInUser person() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof SignedInUser person) {
            return person;
        }
        throw new org.springframework.security.access.AccessDeniedException("a person signs in to enrol");
    }
}
