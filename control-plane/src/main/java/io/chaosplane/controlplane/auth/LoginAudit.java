package io.chaosplane.controlplane.auth;

import io.chaosplane.controlplane.event.AuditTrail;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.InteractiveAuthenticationSuccessEvent;
import org.springframework.stereotype.Component;

/**
 * Log-ins to the web UI and failed log-ins (form or HTTP Basic) of people, in the audit trail of every account
 * they belong to. A failed log-in for an unknown e-mail belongs to no account and is only logged.
 */
@Component
class LoginAudit {

    private static final Logger log = LoggerFactory.getLogger(LoginAudit.class);

    private final UserAccounts users;
    private final MembershipDirectory memberships;
    private final AuditTrail audit;

    LoginAudit(UserAccounts users, MembershipDirectory memberships, AuditTrail audit) {
        this.users = users;
        this.memberships = memberships;
        this.audit = audit;
    }

    @EventListener
    void succeeded(InteractiveAuthenticationSuccessEvent event) {
        if (event.getAuthentication().getPrincipal() instanceof SignedInUser user) {
            recordInAccountsOf(user.id(), user.email(), "success");
        }
    }

    @EventListener
    void failed(AbstractAuthenticationFailureEvent event) {
        String email = String.valueOf(event.getAuthentication().getPrincipal());
        var user = users.findByEmail(email);
        if (user.isEmpty()) {
            log.warn("failed log-in for an unknown e-mail");
            return;
        }
        recordInAccountsOf(user.get().id(), user.get().email(), "failure");
    }

    /** A sign-in refused by the throttle, before its password was checked. */
    void throttled(String email) {
        var user = email == null ? java.util.Optional.<User>empty() : users.findByEmail(email);
        if (user.isEmpty()) {
            log.warn("throttled log-in for an unknown e-mail");
            return;
        }
        recordInAccountsOf(user.get().id(), user.get().email(), "throttled");
    }

    /** A second-factor step of a sign-in or of enrolment: success, failure, recovery-code, throttled... */
    void secondFactor(java.util.UUID userId, String email, String outcome) {
        memberships.grantsOf(userId).stream()
                .map(MembershipDirectory.AccountGrant::accountId)
                .distinct()
                .forEach(account ->
                        audit.record(account, "user:" + email, "login.two-factor", email, outcome, Map.of()));
    }

    private void recordInAccountsOf(java.util.UUID userId, String email, String outcome) {
        memberships.grantsOf(userId).stream()
                .map(MembershipDirectory.AccountGrant::accountId)
                .distinct()
                .forEach(account -> audit.record(account, "user:" + email, "login", email, outcome, Map.of()));
    }
}
