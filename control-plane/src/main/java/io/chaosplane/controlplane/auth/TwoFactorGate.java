package io.chaosplane.controlplane.auth;

import io.chaosplane.service.web.ProblemResponses;
import io.chaosplane.service.web.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.util.AntPathMatcher;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Holds people to their second factor, before any authorization: a session between password and code reaches only
 * the code page; a person with two-factor sign-in may not use HTTP Basic (their password alone would open the API:
 * scripts use API keys); and an admin whose account requires two factors reaches nothing but enrolment until they
 * have enrolled.
 */
class TwoFactorGate extends OncePerRequestFilter {

    static final String API_PREFIX = "/api/v1/me/two-factor";
    private static final AntPathMatcher PATHS = new AntPathMatcher();

    private final TwoFactor twoFactor;
    private final TwoFactorSignIn signIn;
    private final JsonMapper json;
    private final CallerFilter.Door door;

    TwoFactorGate(TwoFactor twoFactor, TwoFactorSignIn signIn, JsonMapper json, CallerFilter.Door door) {
        this.twoFactor = twoFactor;
        this.signIn = signIn;
        this.json = json;
        this.door = door;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        Object principal = authentication == null ? null : authentication.getPrincipal();
        String path = request.getServletPath();
        if (principal instanceof PendingSecondFactor pending) {
            if (signIn.expired(pending)) {
                HttpSession session = request.getSession(false);
                if (session != null) {
                    session.invalidate();
                }
                SecurityContextHolder.clearContext();
                refuse(
                        request,
                        response,
                        HttpStatus.UNAUTHORIZED,
                        "the sign-in took too long: sign in again",
                        "/login?expired");
            } else if (door == CallerFilter.Door.PAGES && (isPublic(path) || path.equals(TwoFactorSignIn.CODE_PAGE))) {
                chain.doFilter(request, response);
            } else {
                refuse(
                        request,
                        response,
                        HttpStatus.UNAUTHORIZED,
                        "the sign-in is not finished: enter the code from your authenticator app at "
                                + TwoFactorSignIn.CODE_PAGE,
                        TwoFactorSignIn.CODE_PAGE);
            }
            return;
        }
        if (principal instanceof SignedInUser person && !isPublic(path)) {
            TwoFactorStore.State state = twoFactor.state(person.id());
            if (door == CallerFilter.Door.API && state.enabled() && isBasic(request)) {
                SecurityContextHolder.clearContext();
                ProblemResponses.write(
                        response,
                        json,
                        request.getRequestURI(),
                        Problems.of(
                                HttpStatus.UNAUTHORIZED,
                                "this person signs in with two factors, which HTTP Basic cannot carry: use an API key"
                                        + " (scripts) or the log-in page"));
                return;
            }
            if (state.required() && !state.enabled() && !enrolling(path)) {
                refuse(
                        request,
                        response,
                        HttpStatus.FORBIDDEN,
                        "your account requires its admins to sign in with two factors: enrol first ("
                                + TwoFactorSignIn.ENROL_PAGE + ", or POST " + API_PREFIX + ")",
                        TwoFactorSignIn.ENROL_PAGE);
                return;
            }
        }
        chain.doFilter(request, response);
    }

    private boolean enrolling(String path) {
        return door == CallerFilter.Door.API
                ? path.equals(API_PREFIX) || path.startsWith(API_PREFIX + "/")
                : path.equals(TwoFactorSignIn.ENROL_PAGE) || path.equals("/logout");
    }

    private void refuse(
            HttpServletRequest request, HttpServletResponse response, HttpStatus status, String message, String page)
            throws IOException {
        if (door == CallerFilter.Door.API) {
            ProblemResponses.write(response, json, request.getRequestURI(), Problems.of(status, message));
        } else {
            response.sendRedirect(request.getContextPath() + page);
        }
    }

    private static boolean isPublic(String path) {
        for (String pattern : SecurityConfiguration.PUBLIC_PAGES) {
            if (PATHS.match(pattern, path)) {
                return true;
            }
        }
        return path.equals("/logout");
    }

    private static boolean isBasic(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        return header != null && header.regionMatches(true, 0, "Basic ", 0, 6);
    }
}
