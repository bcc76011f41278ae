package io.chaosplane.controlplane.policy;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

@Entity
@Table(name = "policies")
class Policy {

    @Id
    private UUID id;

    private String accountId;

    @Column(name = "org_identifier")
    private String organization;

    @Column(name = "project_identifier")
    private String project;

    private String name;
    private String description;
    private boolean enabled;

    @JdbcTypeCode(SqlTypes.JSON)
    private String rules;

    private String createdBy;
    private Instant createdAt;
    private Instant updatedAt;

    protected Policy() {}

    Policy(
            String accountId,
            String organization,
            String project,
            String name,
            String description,
            boolean enabled,
            String rules,
            String createdBy,
            Instant now) {
        this.id = UUID.randomUUID();
        this.accountId = accountId;
        this.organization = organization;
        this.project = project;
        this.name = name;
        this.description = description;
        this.enabled = enabled;
        this.rules = rules;
        this.createdBy = createdBy;
        this.createdAt = now;
        this.updatedAt = now;
    }

    void update(String newDescription, boolean nowEnabled, String newRules, Instant now) {
        this.description = newDescription;
        this.enabled = nowEnabled;
        this.rules = newRules;
        this.updatedAt = now;
    }

    public UUID getId() {
        return id;
    }

    public String getAccountId() {
        return accountId;
    }

    public String getOrganization() {
        return organization;
    }

    public String getProject() {
        return project;
    }

    public String getName() {
        return name;
    }

    public String getDescription() {
        return description;
    }

    public boolean isEnabled() {
        return enabled;
    }

    public String getRules() {
        return rules;
    }

    public String getCreatedBy() {
        return createdBy;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }
}
