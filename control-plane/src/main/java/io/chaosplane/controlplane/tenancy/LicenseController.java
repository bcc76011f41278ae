package io.chaosplane.controlplane.tenancy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.chaosplane.controlplane.access.AccessGuard;
import io.chaosplane.controlplane.access.Caller;
import io.chaosplane.controlplane.access.Plan;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.TreeSet;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Seed 004's license: the account's plan, its paid period and trial, and the features they turn on. */
@RestController
@Tag(name = "License", description = "Seed 004's license state of the caller's account")
class LicenseController {

    /** Seed 004's LicenseResponse. */
    record LicenseView(
            @Schema(
                    allowableValues = {"free", "basic", "pro", "enterprise"},
                    description = "The account's plan")
            String tier,

            @JsonInclude(JsonInclude.Include.ALWAYS) @Schema(nullable = true, description = "Null for a perpetual plan")
            Instant expiresAt,

            @JsonInclude(JsonInclude.Include.ALWAYS) @Schema(nullable = true) Instant trialEndsAt,
            @JsonProperty("isExpired") boolean isExpired,
            @JsonProperty("isTrialing") boolean isTrialing,
            int trialDaysLeft,
            List<String> features) {}

    private final AccessGuard guard;
    private final JdbcClient jdbc;
    private final Clock clock;

    LicenseController(AccessGuard guard, JdbcClient jdbc, Clock clock) {
        this.guard = guard;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @GetMapping("/api/v1/license")
    @Transactional(readOnly = true)
    @Operation(
            summary = "The account's plan as a license: expiry, trial and features (a trial has Enterprise's"
                    + " features until it ends; an expired plan has none)")
    LicenseView license() {
        Caller caller = guard.caller();
        record Dates(Plan plan, Instant expiresAt, Instant trialEndsAt) {}
        Dates dates = jdbc.sql("SELECT plan, plan_expires_at, trial_ends_at FROM accounts WHERE account_id = ?")
                .param(caller.accountId())
                .query((row, n) -> new Dates(
                        Plan.fromWire(row.getString("plan")),
                        row.getTimestamp("plan_expires_at") == null
                                ? null
                                : row.getTimestamp("plan_expires_at").toInstant(),
                        row.getTimestamp("trial_ends_at") == null
                                ? null
                                : row.getTimestamp("trial_ends_at").toInstant()))
                .single();
        return view(dates.plan(), dates.expiresAt(), dates.trialEndsAt(), clock.instant());
    }

    static LicenseView view(Plan plan, Instant expiresAt, Instant trialEndsAt, Instant now) {
        boolean expired = expiresAt != null && !now.isBefore(expiresAt);
        boolean trialing = trialEndsAt != null && now.isBefore(trialEndsAt);
        int daysLeft =
                trialing ? (int) Math.ceil(Duration.between(now, trialEndsAt).toSeconds() / 86_400.0) : 0;
        TreeSet<String> features = new TreeSet<>();
        if (!expired) {
            features.addAll(plan.features());
        }
        if (trialing) {
            features.addAll(Plan.ENTERPRISE.features());
        }
        return new LicenseView(
                plan.wireName(), expiresAt, trialEndsAt, expired, trialing, daysLeft, List.copyOf(features));
    }
}
