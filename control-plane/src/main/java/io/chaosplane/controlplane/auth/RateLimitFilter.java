package io.chaosplane.controlplane.auth;

import io.chaosplane.controlplane.access.Caller;
import io.chaosplane.service.web.ProblemResponses;
import io.chaosplane.service.web.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Counts every {@code /api/*} request against its caller's limit and answers with seed 003's
 * {@code X-RateLimit-*} headers; beyond the limit, 429 with {@code Retry-After}.
 */
class RateLimitFilter extends OncePerRequestFilter {

    private final RateLimiter limiter;
    private final RateLimitProperties properties;
    private final JsonMapper json;
    private final Clock clock;

    RateLimitFilter(RateLimiter limiter, RateLimitProperties properties, JsonMapper json, Clock clock) {
        this.limiter = limiter;
        this.properties = properties;
        this.json = json;
        this.clock = clock;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !properties.enabled() || !request.getRequestURI().startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Caller caller = (Caller) request.getAttribute(Caller.class.getName());
        RateLimiter.Decision decision;
        try {
            decision = caller == null
                    ? limiter.consume("ip:" + request.getRemoteAddr(), properties.anonymousLimit())
                    : limiter.consume(bucketOf(caller), limitOf(caller));
        } catch (DataAccessException e) {
            // The limiter's store is the database; when it is down the request fails on its own way anyway.
            logger.warn("rate limiter unavailable, letting the request through: " + e.getMessage());
            chain.doFilter(request, response);
            return;
        }
        Instant now = clock.instant();
        response.setHeader("X-RateLimit-Limit", Integer.toString(decision.limit()));
        response.setHeader("X-RateLimit-Remaining", Long.toString(decision.remaining()));
        response.setHeader("X-RateLimit-Reset", Long.toString(decision.resetAt().getEpochSecond()));
        if (!decision.allowed()) {
            long seconds = Math.max(1, (decision.retryAfter(now).toMillis() + 999) / 1000);
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
            ProblemResponses.write(
                    response,
                    json,
                    request.getRequestURI(),
                    Problems.of(
                            HttpStatus.TOO_MANY_REQUESTS,
                            "rate limit of " + decision.limit() + " requests per " + describe(properties.window())
                                    + " exceeded, retry in " + seconds + "s"));
            return;
        }
        chain.doFilter(request, response);
    }

    private static String bucketOf(Caller caller) {
        return (caller.kind() == Caller.Kind.API_KEY ? "apikey:" : "user:") + caller.subjectId();
    }

    /** The tighter of the role's limit and the account plan's. */
    static int limitOf(Caller caller) {
        return Math.min(
                caller.strongestRole().requestsPerMinute(), caller.plan().requestsPerMinute());
    }

    private static String describe(java.time.Duration window) {
        return window.equals(java.time.Duration.ofMinutes(1)) ? "minute" : window.toSeconds() + "s";
    }
}
