package io.chaosplane.controlplane.experiment;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

@Entity
@Table(name = "experiments")
class Experiment {

    @Id
    private UUID id;

    private String accountId;

    @Column(name = "org_identifier")
    private String organization;

    @Column(name = "project_identifier")
    private String project;

    private String namespace;
    private String name;
    private UUID infrastructureId;

    @JdbcTypeCode(SqlTypes.JSON)
    private String manifest;

    private UUID ownerWorkflowId;
    private String createdBy;
    private Instant createdAt;
    private Instant updatedAt;

    protected Experiment() {}

    Experiment(
            UUID id,
            String accountId,
            String organization,
            String project,
            String namespace,
            String name,
            UUID infrastructureId,
            String manifest,
            String createdBy,
            Instant now) {
        this.id = id;
        this.accountId = accountId;
        this.organization = organization;
        this.project = project;
        this.namespace = namespace;
        this.name = name;
        this.infrastructureId = infrastructureId;
        this.manifest = manifest;
        this.createdBy = createdBy;
        this.createdAt = now;
        this.updatedAt = now;
    }

    /** The workflow that made this experiment for a status check, and deletes it with itself. */
    void ownedBy(UUID workflowId) {
        this.ownerWorkflowId = workflowId;
    }

    public UUID getOwnerWorkflowId() {
        return ownerWorkflowId;
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

    public String getNamespace() {
        return namespace;
    }

    public String getName() {
        return name;
    }

    public UUID getInfrastructureId() {
        return infrastructureId;
    }

    public String getManifest() {
        return manifest;
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
