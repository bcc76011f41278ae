package io.chaosplane.protocol.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.UUID;

/**
 * The body of {@code POST /api/v1/halts}, shared by the control plane that reads it and chaosctl that sends it, so
 * that neither holds a copy of the other's. Identifiers a scope does not need are left out of the JSON.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
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
