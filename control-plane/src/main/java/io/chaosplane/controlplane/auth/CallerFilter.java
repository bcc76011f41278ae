package io.chaosplane.controlplane.auth;

import io.chaosplane.controlplane.access.Caller;
import io.chaosplane.controlplane.access.CallerContext;
import io.chaosplane.controlplane.access.Grant;
import io.chaosplane.controlplane.access.Plan;
import io.chaosplane.controlplane.access.TenantContext;
import io.chaosplane.controlplane.auth.MembershipDirectory.AccountGrant;
import io.chaosplane.controlplane.auth.UserStore.SessionState;
import io.chaosplane.service.web.ProblemResponses;
import io.chaosplane.service.web.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns the authenticated principal into the request's {@link Caller} and serves the rest of the request as
 * that caller, in its account. A person works in the account named by the {@code accountIdentifier} query
 * parameter, else the one chosen earlier in the session, else the first they belong to. An account the caller is
 * not a member of answers 404 here, before any tenant context is set. A web session signed in before its person's
 * password changed, or of a person disabled since, ends here.
 */
class CallerFilter extends OncePerRequestFilter {

    static final String ACCOUNT_PARAMETER = "accountIdentifier";
    static final String SESSION_ACCOUNT = "chaosplane.accountIdentifier";

    /** How a refused request is answered: a problem body on the API, the error or log-in page on the web UI. */
    enum Door {
        API,
        PAGES
    }

    private final MembershipDirectory memberships;
    private final CallerContext callers;
    private final UserStore users;
    private final JsonMapper json;
    private final Door door;

    CallerFilter(MembershipDirectory memberships, CallerContext callers, UserStore users, JsonMapper json, Door door) {
        this.memberships = memberships;
        this.callers = callers;
        this.users = users;
        this.json = json;
        this.door = door;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null
                && authentication.getPrincipal() instanceof SignedInUser user
                && !sessionStillValid(user)) {
            endSession(request, response);
            return;
        }
        Caller caller = resolve(request, authentication);
        if (caller == null) {
            chain.doFilter(request, response);
            return;
        }
        String requested = request.getParameter(ACCOUNT_PARAMETER);
        if (requested != null && !requested.equals(caller.accountId())) {
            notFound(request, response, requested);
            return;
        }
        request.setAttribute(Caller.class.getName(), caller);
        try (TenantContext.Scope ignored = callers.enter(caller)) {
            chain.doFilter(request, response);
        }
    }

    private boolean sessionStillValid(SignedInUser user) {
        SessionState state = users.sessionState(user.id()).orElse(null);
        return state != null && !state.disabled() && state.sessionGeneration() == user.sessionGeneration();
    }

    private void endSession(HttpServletRequest request, HttpServletResponse response) throws IOException {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
        SecurityContextHolder.clearContext();
        if (door == Door.API) {
            ProblemResponses.write(
                    response,
                    json,
                    request.getRequestURI(),
                    Problems.of(HttpStatus.UNAUTHORIZED, "the session has ended: sign in again"));
        } else {
            response.sendRedirect(request.getContextPath() + "/login?expired");
        }
    }

    private void notFound(HttpServletRequest request, HttpServletResponse response, String account) throws IOException {
        if (door == Door.API) {
            ProblemResponses.write(
                    response,
                    json,
                    request.getRequestURI(),
                    Problems.of(HttpStatus.NOT_FOUND, "account '" + account + "' not found"));
        } else {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
        }
    }

    private Caller resolve(HttpServletRequest request, Authentication authentication) {
        if (authentication instanceof ApiKeyAuthentication apiKey) {
            return apiKey.caller();
        }
        if (authentication == null || !(authentication.getPrincipal() instanceof SignedInUser user)) {
            return null;
        }
        List<AccountGrant> all = memberships.grantsOf(user.id());
        String account = chooseAccount(request, all);
        List<AccountGrant> here =
                all.stream().filter(grant -> grant.accountId().equals(account)).toList();
        // A person who belongs to no account (any more) gets no grants: everything answers 404.
        Plan plan = here.isEmpty() ? Plan.FREE : here.getFirst().plan();
        return new Caller(
                account,
                Caller.Kind.USER,
                user.id(),
                "user:" + user.email(),
                here.stream()
                        .map(grant -> new Grant(grant.scope(), grant.role()))
                        .toList(),
                plan,
                user.platformAdmin());
    }

    /**
     * The requested account when the person is a member of it; else the session's choice or their first account,
     * which a requested account that is not theirs never matches, so that the caller of such a request is refused.
     */
    private static String chooseAccount(HttpServletRequest request, List<AccountGrant> grants) {
        HttpSession session = request.getSession(false);
        String requested = request.getParameter(ACCOUNT_PARAMETER);
        if (requested != null && isMember(grants, requested)) {
            if (session != null) {
                session.setAttribute(SESSION_ACCOUNT, requested);
            }
            return requested;
        }
        Object chosen = session == null ? null : session.getAttribute(SESSION_ACCOUNT);
        if (chosen instanceof String account && isMember(grants, account)) {
            return account;
        }
        return grants.isEmpty() ? "" : grants.getFirst().accountId();
    }

    private static boolean isMember(List<AccountGrant> grants, String account) {
        return grants.stream().anyMatch(grant -> grant.accountId().equals(account));
    }
}
