package io.chaosplane.controlplane.auth;

import io.chaosplane.controlplane.access.Role;
import io.chaosplane.controlplane.common.Identifiers;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Future;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.UUID;

public final class ApiKeyDtos {

    private ApiKeyDtos() {}

    public record CreateApiKey(
            @NotBlank @Size(max = 128) String name,
            @Size(max = 1024) String description,

            @NotNull @Schema(allowableValues = {"viewer", "operator", "admin"})
            Role role,

            @Schema(description = "Limit the key to one organization; omit for the whole account")
            @Pattern(regexp = Identifiers.PATTERN, message = Identifiers.PATTERN_MESSAGE)
            String organizationIdentifier,

            @Schema(description = "Limit the key to one project of the organization")
            @Pattern(regexp = Identifiers.PATTERN, message = Identifiers.PATTERN_MESSAGE)
            String projectIdentifier,

            @Schema(
                    description = "When the key stops working, within the account's longest key lifetime (1 year"
                            + " unless the account says otherwise); omit for that longest lifetime")
            @Future
            Instant expiresAt) {}

    /** A key as lists show it: never its secret. */
    public record ApiKeyView(
            UUID id,
            String name,
            String description,
            Role role,
            String accountIdentifier,
            String organizationIdentifier,
            String projectIdentifier,
            String prefix,
            String status,
            String createdBy,
            Instant createdAt,
            Instant expiresAt,
            Instant lastUsedAt,
            Instant revokedAt) {}

    /** The answer to creating a key: the only time its secret is shown. */
    public record CreatedApiKey(
            @Schema(description = "The secret; shown once, store it now")
            String key,

            ApiKeyView apiKey) {}
}
