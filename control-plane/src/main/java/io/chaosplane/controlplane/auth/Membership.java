package io.chaosplane.controlplane.auth;

import io.chaosplane.controlplane.access.ResourceScope;
import io.chaosplane.controlplane.access.Role;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A person's role over the whole account, one organization, or one project. */
@Entity
@Table(name = "memberships")
class Membership {

    @Id
    private UUID id;

    private String accountId;
    private UUID userId;

    @Column(name = "org_identifier")
    private String organization;

    @Column(name = "project_identifier")
    private String project;

    private Role role;
    private Instant createdAt;

    protected Membership() {}

    Membership(String accountId, UUID userId, ResourceScope scope, Role role, Instant now) {
        this.id = UUID.randomUUID();
        this.accountId = accountId;
        this.userId = userId;
        this.organization = scope.organization();
        this.project = scope.project();
        this.role = role;
        this.createdAt = now;
    }

    void changeRole(Role newRole) {
        this.role = newRole;
    }

    public UUID getId() {
        return id;
    }

    public String getAccountId() {
        return accountId;
    }

    public UUID getUserId() {
        return userId;
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

    public Role getRole() {
        return role;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }
}
