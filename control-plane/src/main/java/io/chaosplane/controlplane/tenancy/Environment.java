package io.chaosplane.controlplane.tenancy;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

@Entity
@Table(name = "environments")
class Environment {

    @Id
    private UUID id;

    private String accountId;

    @Column(name = "org_identifier")
    private String organization;

    @Column(name = "project_identifier")
    private String project;

    private String identifier;
    private String name;
    private String description;
    private String type;
    private Instant createdAt;
    private Instant updatedAt;

    protected Environment() {}

    Environment(
            String accountId,
            String organization,
            String project,
            String identifier,
            String name,
            String description,
            EnvironmentType type,
            Instant now) {
        this.id = UUID.randomUUID();
        this.accountId = accountId;
        this.organization = organization;
        this.project = project;
        this.identifier = identifier;
        this.name = name;
        this.description = description;
        this.type = type.name();
        this.createdAt = now;
        this.updatedAt = now;
    }

    void update(String newName, String newDescription, EnvironmentType newType, Instant now) {
        this.name = newName;
        this.description = newDescription;
        this.type = newType.name();
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

    public String getIdentifier() {
        return identifier;
    }

    public String getName() {
        return name;
    }

    public String getDescription() {
        return description;
    }

    public EnvironmentType getType() {
        return EnvironmentType.valueOf(type);
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }
}
