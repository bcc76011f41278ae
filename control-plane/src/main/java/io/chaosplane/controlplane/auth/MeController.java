package io.chaosplane.controlplane.auth;

import io.chaosplane.controlplane.access.AccessGuard;
import io.chaosplane.controlplane.access.Caller;
import io.chaosplane.controlplane.access.Plan;
import io.chaosplane.controlplane.access.Role;
import io.chaosplane.controlplane.event.AuditTrail;
import io.chaosplane.service.web.ForbiddenException;
import io.chaosplane.service.web.InvalidInputException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/me")
@Tag(name = "Me", description = "Who the caller is and what it may do")
class MeController {

    record GrantView(String organizationIdentifier, String projectIdentifier, Role role) {}

    record MeView(
            String actor,
            Caller.Kind kind,
            String accountIdentifier,
            Plan plan,
            int requestsPerMinute,
            boolean platformAdmin,
            List<GrantView> grants) {}

    record ChangePassword(
            @NotBlank String currentPassword,
            @NotBlank @Size(min = 12, max = 128) String newPassword) {}

    private final AccessGuard guard;
    private final UserStore users;
    private final PasswordEncoder passwords;
    private final AuditTrail audit;

    MeController(AccessGuard guard, UserStore users, PasswordEncoder passwords, AuditTrail audit) {
        this.guard = guard;
        this.users = users;
        this.passwords = passwords;
        this.audit = audit;
    }

    @GetMapping
    @Operation(summary = "The caller: account, grants, plan and request rate")
    MeView me() {
        Caller caller = guard.caller();
        return new MeView(
                caller.actor(),
                caller.kind(),
                caller.accountId(),
                caller.plan(),
                RateLimitFilter.limitOf(caller),
                caller.platformAdmin(),
                caller.grants().stream()
                        .map(grant -> new GrantView(
                                grant.scope().organization(), grant.scope().project(), grant.role()))
                        .toList());
    }

    @PutMapping("/password")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(
            summary = "Change the signed-in person's password",
            description = "Ends the person's other sessions; the session that changed it stays signed in.")
    @Transactional
    void changePassword(
            @Valid @RequestBody ChangePassword request, HttpServletRequest http, HttpServletResponse response) {
        Caller caller = guard.caller();
        if (caller.kind() != Caller.Kind.USER) {
            throw new ForbiddenException("API keys have no password");
        }
        User user = users.findSelf(caller.subjectId()).orElseThrow();
        if (!passwords.matches(request.currentPassword(), user.passwordHash())) {
            throw InvalidInputException.of("currentPassword", "is not the current password");
        }
        int generation = users.changePassword(user.id(), passwords.encode(request.newPassword()));
        keepThisSession(generation, http, response);
        audit.record("user.password", user.email(), Map.of());
    }

    /** The session that changed the password moves to the new generation; the person's others end. */
    private static void keepThisSession(int generation, HttpServletRequest http, HttpServletResponse response) {
        Authentication current = SecurityContextHolder.getContext().getAuthentication();
        if (http.getSession(false) == null || !(current.getPrincipal() instanceof SignedInUser person)) {
            return; // HTTP Basic: every request signs in afresh
        }
        http.changeSessionId();
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                person.withSessionGeneration(generation), null, current.getAuthorities()));
        SecurityContextHolder.setContext(context);
        new HttpSessionSecurityContextRepository().saveContext(context, http, response);
    }
}
