package io.chaosplane.controlplane.auth;

import io.chaosplane.controlplane.access.ResourceScope;
import io.chaosplane.controlplane.access.Role;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A machine credential of an account. Only the SHA-256 of its secret is kept; the secret is shown once. */
@Entity
@Table(name = "api_keys")
class ApiKey {

    @Id
    private UUID id;

    private String accountId;
    private String name;
    private String description;
    private Role role;

    @Column(name = "org_identifier")
    private String organization;

    @Column(name = "project_identifier")
    private String project;

    private String keyPrefix;
    private byte[] secretHash;
    private String createdBy;
    private Instant createdAt;
    private Instant expiresAt;
    private Instant revokedAt;
    private String revokedBy;
    private Instant lastUsedAt;

    protected ApiKey() {}

    ApiKey(
            String accountId,
            String name,
            String description,
            Role role,
            ResourceScope scope,
            String keyPrefix,
            byte[] secretHash,
            String createdBy,
            Instant now,
            Instant expiresAt) {
        this.id = UUID.randomUUID();
        this.accountId = accountId;
        this.name = name;
        this.description = description;
        this.role = role;
        this.organization = scope.organization();
        this.project = scope.project();
        this.keyPrefix = keyPrefix;
        this.secretHash = secretHash.clone();
        this.createdBy = createdBy;
        this.createdAt = now;
        this.expiresAt = expiresAt;
    }

    boolean revoke(String by, Instant now) {
        if (revokedAt != null) {
            return false;
        }
        this.revokedAt = now;
        this.revokedBy = by;
        return true;
    }

    public UUID getId() {
        return id;
    }

    public String getAccountId() {
        return accountId;
    }

    public String getName() {
        return name;
    }

    public String getDescription() {
        return description;
    }

    public Role getRole() {
        return role;
    }

    public String getOrganization() {
        return organization;
    }

    public String getProject() {
        return project;
    }

    public ResourceScope getScope() {
        return new ResourceScope(organization, project);
    }

    public String getKeyPrefix() {
        return keyPrefix;
    }

    public String getCreatedBy() {
        return createdBy;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getExpiresAt() {
        return expiresAt;
    }

    public Instant getRevokedAt() {
        return revokedAt;
    }

    public String getRevokedBy() {
        return revokedBy;
    }

    public Instant getLastUsedAt() {
        return lastUsedAt;
    }
}
