package io.chaosplane.controlplane.policy;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;

public final class PolicyDtos {

    private PolicyDtos() {}

    public record PolicyRequest(
            @NotBlank
            @Pattern(regexp = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", message = "must be lower-case letters, digits and '-'")
            @Size(max = 63)
            String name,

            @Size(max = 1024) String description,
            @Schema(description = "Defaults to true") Boolean enabled,
            @NotEmpty @Valid List<PolicyRule> rules) {}

    public record PolicyView(
            String name,
            String description,
            boolean enabled,
            List<PolicyRule> rules,
            String organizationIdentifier,
            String projectIdentifier,
            String createdBy,
            Instant createdAt,
            Instant updatedAt) {}
}
