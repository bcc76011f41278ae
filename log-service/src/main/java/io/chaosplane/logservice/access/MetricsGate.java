package io.chaosplane.logservice.access;

import io.chaosplane.service.security.ExposureProperties;
import io.chaosplane.service.web.ProblemResponses;
import io.chaosplane.service.web.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /actuator/prometheus} answers only the Prometheus scrape's own credential
 * ({@code chaosplane.security.metrics-token}, sent as {@code Authorization: Bearer <token>}), as the control plane's
 * does, unless {@code chaosplane.security.open-metrics} opens it. A log token does not open it: the metrics describe
 * every account's traffic, and a log token is one account's.
 */
final class MetricsGate extends OncePerRequestFilter {

    private static final String BEARER = "Bearer ";

    private final ExposureProperties exposure;
    private final JsonMapper json;

    MetricsGate(ExposureProperties exposure, JsonMapper json) {
        this.exposure = exposure;
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return exposure.openMetrics();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization != null
                && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
                && exposure.isMetricsToken(
                        authorization.substring(BEARER.length()).trim())) {
            chain.doFilter(request, response);
            return;
        }
        ProblemResponses.write(
                response,
                json,
                request.getRequestURI(),
                Problems.of(
                        HttpStatus.UNAUTHORIZED,
                        "authentication required: send the scrape token (chaosplane.security.metrics-token) as"
                                + " 'Authorization: Bearer <token>'"));
    }
}
