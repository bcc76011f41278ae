package io.chaosplane.controlplane.infra;

import io.chaosplane.controlplane.common.Identifiers;
import io.chaosplane.protocol.catalog.AgentCapabilities;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.UUID;

public final class InfrastructureDtos {

    private InfrastructureDtos() {}

    public record CreateInfrastructure(
            @NotBlank @Pattern(regexp = Identifiers.PATTERN, message = Identifiers.PATTERN_MESSAGE)
            String identifier,

            @NotBlank @Size(max = 128) String name,
            @Size(max = 1024) String description,

            @Schema(description = "Linux (default) or Kubernetes")
            InfrastructureType type,

            @Schema(description = "Defaults to the API key's organization, else 'default'")
            @Pattern(regexp = Identifiers.PATTERN, message = Identifiers.PATTERN_MESSAGE)
            String organizationIdentifier,

            @Schema(description = "Defaults to the API key's project, else 'default_project'")
            @Pattern(regexp = Identifiers.PATTERN, message = Identifiers.PATTERN_MESSAGE)
            String projectIdentifier,

            @Pattern(regexp = Identifiers.PATTERN, message = Identifiers.PATTERN_MESSAGE)
            String environmentIdentifier) {}

    public record InfrastructureView(
            @Schema(description = "The infraID agents use") UUID id,
            String identifier,
            String name,
            String description,
            InfrastructureType type,
            String accountIdentifier,
            String organizationIdentifier,
            String projectIdentifier,
            String environmentIdentifier,
            ConnectionStatus status,
            String hostname,
            String agentVersion,
            Instant lastHeartbeatAt,
            Instant statusChangedAt,
            boolean confirmed,

            @Schema(
                    description = "The kill switch: while false no run starts on this infrastructure (409) and its"
                            + " agent refuses every task")
            boolean chaosEnabled,

            String createdBy,
            Instant createdAt,

            @Schema(
                    description = "What the agent reported at confirm that it can do: root, the kernel modules and"
                            + " commands the faults need that it found, Kubernetes verbs; absent when not reported."
                            + " A fault whose needs (GET /api/v1/faults, permissions) it lacks is refused at run start"
                            + " (409)")
            AgentCapabilities capabilities) {}

    @Schema(description = "What may change on an infrastructure: its kill switch")
    public record UpdateInfrastructure(
            @Schema(
                    description = "false turns chaos off here: the agent reverts what it runs and refuses every task,"
                            + " and no run starts (409); true turns it on again")
            @NotNull(message = "is required: true or false")
            Boolean chaosEnabled) {}

    /** The answer to creating an infrastructure, or resetting its key: the install token is shown only here. */
    public record InstallInstructions(
            InfrastructureView infrastructure,

            @Schema(description = "One-time token the agent confirms with; shown once")
            String installToken,

            @Schema(
                    description = "When the install token (and so the command or manifest URL) stops working:"
                            + " chaosplane.agents.install-token-lifetime after it was issued, 24 h by default")
            Instant installTokenExpiresAt,

            @Schema(description = "Ready to paste on the host (Linux)")
            String installCommand,

            @Schema(
                    description = "Kubernetes: the runner's manifest, for kubectl apply -f; works until the runner"
                            + " confirms (query parameters namespace, namespaced=true for a Role-only install)")
            String manifestUrl) {}
}
