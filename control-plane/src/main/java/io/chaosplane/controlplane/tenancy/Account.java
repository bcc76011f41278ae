package io.chaosplane.controlplane.tenancy;

import io.chaosplane.controlplane.access.Plan;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

@Entity
@Table(name = "accounts")
class Account {

    static final int DEFAULT_API_KEY_MAX_LIFETIME_DAYS = 365;

    @Id
    @Column(name = "account_id")
    private String id;

    private String name;
    private Plan plan;
    private int apiKeyMaxLifetimeDays;
    private boolean requireAdminTwoFactor;
    // the paid period and the trial (V42); null: perpetual, not trialing
    private Instant planExpiresAt;
    private Instant trialEndsAt;
    private Instant createdAt;
    private Instant updatedAt;

    protected Account() {}

    Account(String id, String name, Plan plan, Instant now) {
        this.id = id;
        this.name = name;
        this.plan = plan;
        this.apiKeyMaxLifetimeDays = DEFAULT_API_KEY_MAX_LIFETIME_DAYS;
        this.createdAt = now;
        this.updatedAt = now;
    }

    public String getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public Plan getPlan() {
        return plan;
    }

    public int getApiKeyMaxLifetimeDays() {
        return apiKeyMaxLifetimeDays;
    }

    public boolean isRequireAdminTwoFactor() {
        return requireAdminTwoFactor;
    }

    public Instant getPlanExpiresAt() {
        return planExpiresAt;
    }

    public Instant getTrialEndsAt() {
        return trialEndsAt;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }

    void rename(String newName, Instant now) {
        this.name = newName;
        this.updatedAt = now;
    }

    void changeApiKeyMaxLifetime(int days, Instant now) {
        this.apiKeyMaxLifetimeDays = days;
        this.updatedAt = now;
    }

    void requireAdminTwoFactor(boolean required, Instant now) {
        this.requireAdminTwoFactor = required;
        this.updatedAt = now;
    }

    void changePlan(Plan newPlan, Instant now) {
        this.plan = newPlan;
        this.updatedAt = now;
    }
}
