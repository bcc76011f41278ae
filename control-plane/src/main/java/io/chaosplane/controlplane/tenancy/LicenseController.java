package io.chaosplane.controlplane.tenancy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.chaosplane.controlplane.access.AccessGuard;
import io.chaosplane.controlplane.access.Plan;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.TreeSet;
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

            @JsonInclude(JsonInclude.Include.ALWAYS) @Schema(nullable = true)
            Instant trialEndsAt,

            @JsonProperty("isExpired") boolean isExpired,
            @JsonProperty("isTrialing") boolean isTrialing,
            int trialDaysLeft,
            List<String> features) {}

    private final AccessGuard guard;
    private final Licenses licenses;

    LicenseController(AccessGuard guard, Licenses licenses) {
        this.guard = guard;
        this.licenses = licenses;
    }

    @GetMapping("/api/v1/license")
    @Transactional(readOnly = true)
    @Operation(
            summary = "The account's plan as a license: expiry, trial and features (a trial has Enterprise's"
                    + " features until it ends; an expired plan has none)")
    LicenseView license() {
        return licenses.of(guard.caller().accountId());
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
