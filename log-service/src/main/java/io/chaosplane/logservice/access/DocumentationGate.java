package io.chaosplane.logservice.access;

import io.chaosplane.service.security.ExposureProperties;
import io.chaosplane.service.token.LogStreamTokens;
import io.chaosplane.service.token.LogStreamTokens.InvalidTokenException;
import io.chaosplane.service.web.ProblemResponses;
import io.chaosplane.service.web.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.util.AntPathMatcher;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The API document and Swagger UI answer only a caller with a valid log token (any account, any permission: an agent
 * or a browser the control plane sent), unless {@code chaosplane.security.open-api-docs} opens them.
 */
final class DocumentationGate extends OncePerRequestFilter {

    private static final AntPathMatcher PATHS = new AntPathMatcher();

    private final ExposureProperties exposure;
    private final LogStreamTokens tokens;
    private final JsonMapper json;

    DocumentationGate(ExposureProperties exposure, LogStreamTokens tokens, JsonMapper json) {
        this.exposure = exposure;
        this.tokens = tokens;
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        if (exposure.openApiDocs()) {
            return true;
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        for (String pattern : ExposureProperties.API_DOCS_PATHS) {
            if (PATHS.match(pattern, path)) {
                return false;
            }
        }
        return true;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String token = request.getHeader(LogStreamTokens.HEADER);
        try {
            tokens.verify(token != null ? token : request.getParameter("token"));
        } catch (InvalidTokenException e) {
            ProblemResponses.write(
                    response,
                    json,
                    request.getRequestURI(),
                    Problems.of(
                            HttpStatus.UNAUTHORIZED,
                            "the API document needs a log token in " + LogStreamTokens.HEADER + ": " + e.getMessage()));
            return;
        }
        chain.doFilter(request, response);
    }
}
