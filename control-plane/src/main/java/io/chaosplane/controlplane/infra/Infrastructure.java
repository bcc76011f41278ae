package io.chaosplane.controlplane.infra;

import io.chaosplane.controlplane.access.ResourceScope;
import io.chaosplane.protocol.catalog.AgentCapabilities;
import java.time.Instant;
import java.util.UUID;

/**
 * A chaos infrastructure: a Linux host or a Kubernetes cluster where an agent runs. Its credentials' hashes stay in
 * the database, read only by {@link InfraCredentials}.
 *
 * @param confirmed whether an agent has used the install token
 * @param chaosEnabled the kill switch: while false, no run starts here and the agent refuses every task
 * @param capabilities what its agent reported it can do at confirm; null when not reported
 */
record Infrastructure(
        UUID id,
        String accountId,
        String organization,
        String project,
        String environment,
        String identifier,
        String name,
        String description,
        InfrastructureType type,
        ConnectionStatus status,
        String hostname,
        String agentVersion,
        Instant lastHeartbeatAt,
        Instant statusChangedAt,
        boolean confirmed,
        boolean chaosEnabled,
        String createdBy,
        Instant createdAt,
        AgentCapabilities capabilities) {

    ResourceScope scope() {
        return ResourceScope.project(organization, project);
    }
}
