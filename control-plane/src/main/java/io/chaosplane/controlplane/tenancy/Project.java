package io.chaosplane.controlplane.tenancy;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

@Entity
@Table(name = "projects")
class Project {

    @Id
    private UUID id;

    private String accountId;

    @Column(name = "org_identifier")
    private String organization;

    private String identifier;
    private String name;
    private String description;
    private Instant createdAt;
    private Instant updatedAt;

    protected Project() {}

    Project(String accountId, String organization, String identifier, String name, String description, Instant now) {
        this.id = UUID.randomUUID();
        this.accountId = accountId;
        this.organization = organization;
        this.identifier = identifier;
        this.name = name;
        this.description = description;
        this.createdAt = now;
        this.updatedAt = now;
    }

    void update(String newName, String newDescription, Instant now) {
        this.name = newName;
        this.description = newDescription;
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

    public String getIdentifier() {
        return identifier;
    }

    public String getName() {
        return name;
    }

    public String getDescription() {
        return description;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }
}
