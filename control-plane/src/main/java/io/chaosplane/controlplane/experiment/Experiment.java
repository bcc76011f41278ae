package io.chaosplane.controlplane.experiment;

import io.chaosplane.controlplane.access.ProjectScope;
import java.time.Instant;
import java.util.UUID;

/**
 * An experiment of a project: its manifest as posted (normalized JSON).
 *
 * @param ownerWorkflowId the workflow that made this experiment for a status check and deletes it with itself, or
 *     null
 */
record Experiment(
        UUID id,
        String accountId,
        String organization,
        String project,
        String namespace,
        String name,
        UUID infrastructureId,
        String manifest,
        UUID ownerWorkflowId,
        String createdBy,
        Instant createdAt,
        Instant updatedAt) {

    /** The same experiment with another manifest, as an update stores it. */
    Experiment withManifest(String newManifest, UUID newInfrastructureId, Instant now) {
        return new Experiment(
                id,
                accountId,
                organization,
                project,
                namespace,
                name,
                newInfrastructureId,
                newManifest,
                ownerWorkflowId,
                createdBy,
                createdAt,
                now);
    }

    ProjectScope scope() {
        return new ProjectScope(accountId, organization, project);
    }
}
