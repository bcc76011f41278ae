package io.chaosplane.controlplane.tenancy;

import io.chaosplane.controlplane.access.Plan;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** The license of an account: its plan, paid period and trial, and the features they turn on now. */
@Component
public class Licenses {

    private final JdbcClient jdbc;
    private final Clock clock;

    Licenses(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    LicenseController.LicenseView of(String accountId) {
        record Dates(Plan plan, Instant expiresAt, Instant trialEndsAt) {}
        Dates dates = jdbc.sql("SELECT plan, plan_expires_at, trial_ends_at FROM accounts WHERE account_id = ?")
                .param(accountId)
                .query((row, n) -> new Dates(
                        Plan.fromWire(row.getString("plan")),
                        row.getTimestamp("plan_expires_at") == null
                                ? null
                                : row.getTimestamp("plan_expires_at").toInstant(),
                        row.getTimestamp("trial_ends_at") == null
                                ? null
                                : row.getTimestamp("trial_ends_at").toInstant()))
                .single();
        return LicenseController.view(dates.plan(), dates.expiresAt(), dates.trialEndsAt(), clock.instant());
    }

    /** The features the account's license turns on now, for features that are gated. */
    @Transactional(readOnly = true)
    public List<String> features(String accountId) {
        return of(accountId).features();
    }
}
