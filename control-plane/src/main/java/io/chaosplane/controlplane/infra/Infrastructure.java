package io.chaosplane.controlplane.infra;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A chaos infrastructure: a Linux host or a Kubernetes cluster where an agent runs. */
@Entity
@Table(name = "infrastructures")
class Infrastructure {

    @Id
    private UUID id;

    private String accountId;

    @Column(name = "org_identifier")
    private String organization;

    @Column(name = "project_identifier")
    private String project;

    @Column(name = "environment_identifier")
    private String environment;

    private String identifier;
    private String name;
    private String description;

    @Enumerated(EnumType.STRING)
    private InfrastructureType type;

    private byte[] installTokenHash;
    private Instant installTokenUsedAt;
    private byte[] accessKeyHash;
    private Instant accessKeyRotatedAt;

    @Enumerated(EnumType.STRING)
    private ConnectionStatus status;

    private String hostname;
    private String agentVersion;
    private Instant lastHeartbeatAt;
    private Instant statusChangedAt;
    private String createdBy;
    private Instant createdAt;
    private Instant updatedAt;

    protected Infrastructure() {}

    Infrastructure(
            String accountId,
            String organization,
            String project,
            String environment,
            String identifier,
            String name,
            String description,
            InfrastructureType type,
            byte[] installTokenHash,
            String createdBy,
            Instant now) {
        this.id = UUID.randomUUID();
        this.accountId = accountId;
        this.organization = organization;
        this.project = project;
        this.environment = environment;
        this.identifier = identifier;
        this.name = name;
        this.description = description;
        this.type = type;
        this.installTokenHash = installTokenHash.clone();
        this.status = ConnectionStatus.PENDING;
        this.createdBy = createdBy;
        this.createdAt = now;
        this.updatedAt = now;
    }

    /** A fresh install token; the access key in use stops working and the agent must confirm again. */
    void resetCredentials(byte[] newInstallTokenHash, Instant now) {
        this.installTokenHash = newInstallTokenHash.clone();
        this.installTokenUsedAt = null;
        this.accessKeyHash = null;
        this.accessKeyRotatedAt = now;
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

    public String getEnvironment() {
        return environment;
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

    public InfrastructureType getType() {
        return type;
    }

    public ConnectionStatus getStatus() {
        return status;
    }

    public String getHostname() {
        return hostname;
    }

    public String getAgentVersion() {
        return agentVersion;
    }

    public Instant getLastHeartbeatAt() {
        return lastHeartbeatAt;
    }

    public Instant getStatusChangedAt() {
        return statusChangedAt;
    }

    public Instant getAccessKeyRotatedAt() {
        return accessKeyRotatedAt;
    }

    public boolean isConfirmed() {
        return installTokenUsedAt != null;
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
