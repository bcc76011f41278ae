package io.chaosplane.controlplane.auth;

import io.chaosplane.service.security.ExposureProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Signs in the Prometheus scrape by its own credential ({@code chaosplane.security.metrics-token}, sent as
 * {@code Authorization: Bearer <token>}). The authority it gets opens {@code /actuator/prometheus} and nothing else;
 * it is neither a person nor an API key.
 */
final class MetricsScrapeFilter extends OncePerRequestFilter {

    static final String AUTHORITY = "METRICS_SCRAPE";
    private static final String BEARER = "Bearer ";

    private final ExposureProperties exposure;

    MetricsScrapeFilter(ExposureProperties exposure) {
        this.exposure = exposure;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization != null
                && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
                && exposure.isMetricsToken(
                        authorization.substring(BEARER.length()).trim())) {
            var scrape = UsernamePasswordAuthenticationToken.authenticated(
                    "prometheus-scrape", null, List.of(new SimpleGrantedAuthority(AUTHORITY)));
            var context = SecurityContextHolder.createEmptyContext();
            context.setAuthentication(scrape);
            SecurityContextHolder.setContext(context);
        }
        chain.doFilter(request, response);
    }
}
