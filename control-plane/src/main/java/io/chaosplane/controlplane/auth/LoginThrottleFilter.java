package io.chaosplane.controlplane.auth;

import io.chaosplane.service.web.ProblemResponses;
import io.chaosplane.service.web.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Refuses a password sign-in (the log-in form's POST, or an HTTP Basic request) while its e-mail or its client
 * address is locked out by {@link LoginThrottle}, before the password is hashed: the API answers 429 with
 * {@code Retry-After}, the form goes back to the log-in page with a message.
 */
class LoginThrottleFilter extends OncePerRequestFilter {

    enum Door {
        API,
        FORM
    }

    private final LoginThrottle throttle;
    private final LoginAudit audit;
    private final JsonMapper json;
    private final Door door;

    LoginThrottleFilter(LoginThrottle throttle, LoginAudit audit, JsonMapper json, Door door) {
        this.throttle = throttle;
        this.audit = audit;
        this.json = json;
        this.door = door;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return door == Door.FORM
                ? !("POST".equals(request.getMethod()) && "/login".equals(request.getServletPath()))
                : basicAuthorization(request) == null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String email = door == Door.FORM ? request.getParameter("username") : basicUser(basicAuthorization(request));
        Optional<Duration> locked = throttle.lockedFor(email, request.getRemoteAddr());
        if (locked.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        long seconds = Math.max(1, (locked.get().toMillis() + 999) / 1000);
        audit.throttled(email);
        if (door == Door.FORM) {
            response.sendRedirect(request.getContextPath() + "/login?throttled=" + seconds);
            return;
        }
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        ProblemResponses.write(
                response,
                json,
                request.getRequestURI(),
                Problems.of(
                        HttpStatus.TOO_MANY_REQUESTS,
                        "too many failed sign-ins for this e-mail or address, retry in " + seconds + "s"));
    }

    private static String basicAuthorization(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        return header != null && header.regionMatches(true, 0, "Basic ", 0, 6)
                ? header.substring(6).trim()
                : null;
    }

    /** The e-mail of a Basic credential; null when it cannot be read (Spring Security then refuses it itself). */
    private static String basicUser(String encoded) {
        try {
            String decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? null : decoded.substring(0, colon);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
