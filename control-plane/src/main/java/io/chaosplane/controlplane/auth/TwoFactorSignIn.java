package io.chaosplane.controlplane.auth;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.stereotype.Component;

/**
 * The log-in form's second step. After the right password, a person with two-factor sign-in gets a session that
 * opens only the code page ({@link PendingSecondFactor}); the right code (or a recovery code) turns it into their
 * ordinary session, under a new session id, and goes on to the page first asked for.
 */
@Component
class TwoFactorSignIn implements AuthenticationSuccessHandler {

    static final String CODE_PAGE = "/login/two-factor";
    static final String ENROL_PAGE = "/two-factor/enrol";
    /** How long the code page waits for the code after the password. */
    static final Duration PENDING_LIFETIME = Duration.ofMinutes(5);

    private final TwoFactor twoFactor;
    private final Clock clock;
    private final SecurityContextRepository contexts = new HttpSessionSecurityContextRepository();
    private final SavedRequestAwareAuthenticationSuccessHandler onwards =
            new SavedRequestAwareAuthenticationSuccessHandler();

    TwoFactorSignIn(TwoFactor twoFactor, Clock clock) {
        this.twoFactor = twoFactor;
        this.clock = clock;
        onwards.setDefaultTargetUrl("/");
    }

    @Override
    public void onAuthenticationSuccess(
            HttpServletRequest request, HttpServletResponse response, Authentication authentication)
            throws IOException, ServletException {
        if (authentication.getPrincipal() instanceof SignedInUser person && twoFactor.enabled(person.id())) {
            save(
                    UsernamePasswordAuthenticationToken.authenticated(
                            new PendingSecondFactor(person, clock.instant()),
                            null,
                            List.of(new SimpleGrantedAuthority(PendingSecondFactor.AUTHORITY))),
                    request,
                    response);
            response.sendRedirect(request.getContextPath() + CODE_PAGE);
            return;
        }
        onwards.onAuthenticationSuccess(request, response, authentication);
    }

    boolean expired(PendingSecondFactor pending) {
        return pending.since().plus(PENDING_LIFETIME).isBefore(clock.instant());
    }

    /** The second factor held: the person's ordinary session, under a new id, then the page first asked for. */
    void complete(SignedInUser person, HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        request.changeSessionId();
        Authentication full = UsernamePasswordAuthenticationToken.authenticated(person, null, person.getAuthorities());
        save(full, request, response);
        onwards.onAuthenticationSuccess(request, response, full);
    }

    private void save(Authentication authentication, HttpServletRequest request, HttpServletResponse response) {
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(authentication);
        SecurityContextHolder.setContext(context);
        contexts.saveContext(context, request, response);
    }
}
