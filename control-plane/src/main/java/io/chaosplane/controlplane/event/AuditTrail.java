package io.chaosplane.controlplane.event;

import io.chaosplane.controlplane.access.CallerContext;
import io.chaosplane.controlplane.access.TenantContext;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Who did what to access: keys created and revoked, members added, changed and removed, log-ins and failed
 * log-ins. Recorded in the transaction of the change where there is one, so that an audit record exists
 * exactly when its change does.
 */
@Component
public class AuditTrail {

    private static final Logger log = LoggerFactory.getLogger(AuditTrail.class);

    private final JdbcClient jdbc;
    private final CallerContext callers;
    private final TenantContext tenantContext;
    private final TransactionTemplate transactions;
    private final JsonMapper json;

    AuditTrail(
            JdbcClient jdbc,
            CallerContext callers,
            TenantContext tenantContext,
            TransactionTemplate transactions,
            JsonMapper json) {
        this.jdbc = jdbc;
        this.callers = callers;
        this.tenantContext = tenantContext;
        this.transactions = transactions;
        this.json = json;
    }

    /** Records an action of the current caller in its account. */
    public void record(String action, String target, Map<String, ?> details) {
        var caller = callers.current().orElseThrow(() -> new IllegalStateException("no caller to audit"));
        if (caller.accountId().isEmpty()) {
            // a person who belongs to no account (removed from every one) has no trail to write to: log it only
            log.info(
                    "audit account=(none) actor={} action={} target={} outcome=success",
                    caller.actor(),
                    action,
                    target);
            return;
        }
        record(caller.accountId(), caller.actor(), action, target, "success", details);
    }

    /** Records an action of a named actor in an account, in a transaction of its own when there is none. */
    public void record(
            String accountId, String actor, String action, String target, String outcome, Map<String, ?> details) {
        tenantContext.runAs(
                accountId,
                () -> transactions.executeWithoutResult(status -> jdbc.sql("""
                        INSERT INTO audit_events (account_id, actor, action, target, outcome, details)
                        VALUES (?, ?, ?, ?, ?, ?::jsonb)""")
                        .params(accountId, actor, action, target, outcome, json.writeValueAsString(details))
                        .update()));
        log.info("audit account={} actor={} action={} target={} outcome={}", accountId, actor, action, target, outcome);
    }
}
