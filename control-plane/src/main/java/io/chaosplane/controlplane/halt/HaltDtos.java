package io.chaosplane.controlplane.halt;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.UUID;

/** What the halt API reads and answers. */
public final class HaltDtos {

    private HaltDtos() {}

    @Schema(description = "A halt to make: its scope and the identifiers that scope needs, and why")
    public record HaltRequest(
            @Schema(
                    description = "What it covers; organization needs organizationIdentifier, project"
                            + " and environment also projectIdentifier (and environmentIdentifier),"
                            + " infrastructure needs infrastructureId",
                    allowableValues = {"account", "organization", "project", "environment", "infrastructure"})
            @NotNull(message = "is required")
            @Pattern(
                    regexp = "account|organization|project|environment|infrastructure",
                    message = "must be one of account, organization, project, environment, infrastructure")
            String scope,

            @Size(max = 128) String organizationIdentifier,
            @Size(max = 128) String projectIdentifier,
            @Size(max = 128) String environmentIdentifier,
            UUID infrastructureId,

            @NotBlank(message = "is required: say why everything stops") @Size(max = 1000)
            String reason) {}

    @Schema(description = "A halt: active until lifted")
    public record HaltView(
            UUID id,
            String scope,
            String organizationIdentifier,
            String projectIdentifier,
            String environmentIdentifier,
            UUID infrastructureId,
            String reason,
            String createdBy,
            Instant createdAt,

            @Schema(description = "Runs it stopped when it was made")
            int runsStopped,

            @Schema(description = "Faults in force at that moment, whose agents were told to revert them")
            int faultsReverting,

            boolean active,
            String liftedBy,
            Instant liftedAt) {}
}
