package io.chaosplane.controlplane.infra;

import io.chaosplane.controlplane.access.TenantContext;
import io.chaosplane.service.web.ApiException;
import io.chaosplane.service.web.ProblemResponses;
import io.chaosplane.service.web.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Authenticates agent calls by {@code X-Infra-ID} and {@code X-Access-Key} (docs/agent-protocol.md) and serves
 * the request in the infrastructure's account. {@code confirm} is left to its controller, which checks the install
 * token instead.
 */
public class AgentAuthenticationFilter extends OncePerRequestFilter {

    public static final String INFRA_ID_HEADER = "X-Infra-ID";
    public static final String ACCESS_KEY_HEADER = "X-Access-Key";
    /** Seed 001's v2 calls name the infrastructure in the path and send no X-Infra-ID. */
    private static final Pattern V2_PATH = Pattern.compile("/infra/v2/task/(?:response|experimentrun)/([^/]+)");

    private final InfraCredentials credentials;
    private final TenantContext tenants;
    private final JsonMapper json;

    AgentAuthenticationFilter(InfraCredentials credentials, TenantContext tenants, JsonMapper json) {
        this.credentials = credentials;
        this.tenants = tenants;
        this.json = json;
    }

    /**
     * The only calls let through unauthenticated: the two agents' {@code confirm}, at seed 001's paths and behind the
     * two prefixes, matched whole (a path that merely ends the same way is authenticated like any other).
     */
    static final Set<String> CONFIRM_PATHS = Stream.of("", "/gratis", "/gateway")
            .flatMap(prefix ->
                    Stream.of("lserver", "kserver").map(server -> prefix + "/chaos/" + server + "/api/infra/confirm"))
            .collect(Collectors.toUnmodifiableSet());

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return CONFIRM_PATHS.contains(path);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        AgentPrincipal agent;
        try {
            String infraId = request.getHeader(INFRA_ID_HEADER);
            Matcher v2 = V2_PATH.matcher(request.getRequestURI());
            agent = infraId == null && v2.find()
                    ? credentials.authenticateByKey(v2.group(1), request.getHeader(ACCESS_KEY_HEADER))
                    : credentials.authenticate(infraId, request.getHeader(ACCESS_KEY_HEADER));
        } catch (ApiException e) {
            ProblemResponses.write(response, json, request.getRequestURI(), Problems.of(e.status(), e.getMessage()));
            return;
        } catch (DataAccessException e) {
            ProblemResponses.write(
                    response,
                    json,
                    request.getRequestURI(),
                    Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "database unavailable, try again later"));
            return;
        }
        request.setAttribute(AgentPrincipal.ATTRIBUTE, agent);
        try (TenantContext.Scope ignored = tenants.enter(agent.accountId())) {
            chain.doFilter(request, response);
        }
    }
}
