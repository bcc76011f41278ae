package io.chaosplane.controlplane.auth;

import io.chaosplane.controlplane.access.Caller;
import io.chaosplane.controlplane.access.CallerContext;
import io.chaosplane.controlplane.access.Grant;
import io.chaosplane.controlplane.access.Plan;
import io.chaosplane.controlplane.access.TenantContext;
import io.chaosplane.controlplane.auth.MembershipDirectory.AccountGrant;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.List;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Turns the authenticated principal into the request's {@link Caller} and serves the rest of the request as
 * that caller, in its account. A person works in the account named by the {@code accountIdentifier} query
 * parameter, else the one chosen earlier in the session, else the first they belong to.
 */
class CallerFilter extends OncePerRequestFilter {

    static final String ACCOUNT_PARAMETER = "accountIdentifier";
    static final String SESSION_ACCOUNT = "chaosplane.accountIdentifier";

    private final MembershipDirectory memberships;
    private final CallerContext callers;

    CallerFilter(MembershipDirectory memberships, CallerContext callers) {
        this.memberships = memberships;
        this.callers = callers;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Caller caller = resolve(request, SecurityContextHolder.getContext().getAuthentication());
        if (caller == null) {
            chain.doFilter(request, response);
            return;
        }
        request.setAttribute(Caller.class.getName(), caller);
        try (TenantContext.Scope ignored = callers.enter(caller)) {
            chain.doFilter(request, response);
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
        // An account the person does not belong to gets no grants: everything in it answers 404.
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

    private static String chooseAccount(HttpServletRequest request, List<AccountGrant> grants) {
        HttpSession session = request.getSession(false);
        String requested = request.getParameter(ACCOUNT_PARAMETER);
        if (requested != null) {
            if (session != null && isMember(grants, requested)) {
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
