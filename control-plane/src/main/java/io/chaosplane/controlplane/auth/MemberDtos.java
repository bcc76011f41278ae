package io.chaosplane.controlplane.auth;

import io.chaosplane.controlplane.access.Role;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.util.UUID;

public final class MemberDtos {

    private MemberDtos() {}

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
            Instant createdAt,

            @Schema(description = "Whether the person is disabled in the account: no rights, no keys")
            boolean disabled) {}
}
