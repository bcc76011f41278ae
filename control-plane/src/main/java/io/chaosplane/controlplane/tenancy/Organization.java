package io.chaosplane.controlplane.tenancy;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

@Entity
@Table(name = "organizations")
class Organization {

    @Id
    private UUID id;

    private String accountId;
    private String identifier;
    private String name;
    private String description;
    private Instant createdAt;
    private Instant updatedAt;

    protected Organization() {}

    Organization(String accountId, String identifier, String name, String description, Instant now) {
        this.id = UUID.randomUUID();
        this.accountId = accountId;
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
