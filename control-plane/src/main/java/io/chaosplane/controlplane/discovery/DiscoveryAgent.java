package io.chaosplane.controlplane.discovery;

import io.chaosplane.controlplane.access.ProjectScope;
import java.time.Instant;
import java.util.UUID;

/** A discovery agent's row; its configuration is the stored JSON of seed 001's config (defaults filled in). */
record DiscoveryAgent(
        String id,
        String accountId,
        String organization,
        String project,
        String environment,
        UUID infrastructureId,
        String infraIdentifier,
        String name,
        String description,
        String tagsJson,
        String configJson,
        String installationId,
        UUID logStreamId,
        String correlationId,
        String status,
        Instant lastSnapshotAt,
        Long lastSnapshotBytes,
        String lastSnapshotId,
        String createdBy,
        Instant createdAt,
        Instant updatedAt,
        Instant installationCreatedAt) {

    ProjectScope scope() {
        return new ProjectScope(accountId, organization, project);
    }
}
