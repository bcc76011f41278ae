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

public final class InvitationDtos {

    private InvitationDtos() {}

    public record CreateInvitation(
            @NotBlank @Email @Size(max = 254) String email,

            @NotNull @Schema(allowableValues = {"viewer", "operator", "admin"})
            Role role,

            @Schema(description = "Limit the role to one organization; omit for the whole account")
            @Pattern(regexp = Identifiers.PATTERN, message = Identifiers.PATTERN_MESSAGE)
            String organizationIdentifier,

            @Schema(description = "Limit the role to one project of the organization")
            @Pattern(regexp = Identifiers.PATTERN, message = Identifiers.PATTERN_MESSAGE)
            String projectIdentifier) {}

    public record InvitationView(
            UUID id,
            String email,
            Role role,
            String organizationIdentifier,
            String projectIdentifier,

            @Schema(allowableValues = {"pending", "accepted", "revoked", "expired"})
            String status,

            String invitedBy,
            Instant createdAt,
            Instant expiresAt,
            Instant acceptedAt,
            Instant revokedAt) {}

    /**
     * The answer to inviting someone: the only time the link is shown. It is the same whether or not the address
     * already belongs to someone.
     */
    public record CreatedInvitation(
            @Schema(description = "The one-time link to hand to the person; shown once, valid until expiresAt")
            String link,

            @Schema(description = "Whether the link was also e-mailed to the address (SMTP configured)")
            boolean emailed,

            InvitationView invitation) {}

    /** What the link's page shows before the person accepts. */
    public record InvitationPreview(
            String accountIdentifier,
            String accountName,
            String email,
            Role role,
            String organizationIdentifier,
            String projectIdentifier,
            Instant expiresAt) {}

    public record AcceptInvitation(
            @NotBlank @Size(max = 200) @Schema(description = "The token of the invitation link (its last part)")
            String token,

            @Schema(description = "A new person's name; omit when accepting signed in") @Size(max = 128)
            String displayName,

            @Schema(description = "A new person's own password (12 characters or more); omit when accepting signed in")
            @Size(min = 12, max = 128)
            String password) {}

    /** The membership an accepted invitation gave. */
    public record AcceptedInvitation(
            String accountIdentifier,
            String email,
            Role role,
            String organizationIdentifier,
            String projectIdentifier,

            @Schema(description = "Whether accepting made a new person, who now signs in with their password")
            boolean newPerson) {}
}
