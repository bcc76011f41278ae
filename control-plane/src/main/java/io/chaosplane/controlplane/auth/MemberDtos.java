package io.chaosplane.controlplane.auth;

import io.chaosplane.controlplane.access.Role;
import io.chaosplane.controlplane.common.Identifiers;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.UUID;

public final class MemberDtos {

    private MemberDtos() {}

    public record AddMember(
            @NotBlank @Email @Size(max = 254) String email,

            @Schema(description = "Name of a person not yet known to ChaosPlane") @Size(max = 128)
            String displayName,

            @Schema(description = "Initial password of a person not yet known to ChaosPlane (12 characters or more)")
            @Size(min = 12, max = 128)
            String password,

            @NotNull @Schema(allowableValues = {"viewer", "operator", "admin"})
            Role role,

            @Pattern(regexp = Identifiers.PATTERN, message = Identifiers.PATTERN_MESSAGE)
            String organizationIdentifier,

            @Pattern(regexp = Identifiers.PATTERN, message = Identifiers.PATTERN_MESSAGE)
            String projectIdentifier) {}

    public record ChangeRole(
            @NotNull @Schema(allowableValues = {"viewer", "operator", "admin"})
            Role role) {}

    public record MemberView(
            UUID id,
            UUID userId,
            String email,
            String displayName,
            Role role,
            String organizationIdentifier,
            String projectIdentifier,
            Instant createdAt) {}
}
