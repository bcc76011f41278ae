package io.chaosplane.controlplane.tenancy;

import io.chaosplane.controlplane.access.Plan;
import io.chaosplane.controlplane.common.Identifiers;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;

/** What the tenancy endpoints read and write. Identifiers are Harness-style and never change once created. */
public final class TenancyDtos {

    private TenancyDtos() {}

    public record AccountView(
            String accountIdentifier,
            String name,
            Plan plan,
            int requestsPerMinute,

            @Schema(description = "API keys of the account live at most this many days")
            int apiKeyMaxLifetimeDays,

            @Schema(description = "whether the account's admins must sign in with two factors (TOTP)")
            boolean requireAdminTwoFactor,

            Instant createdAt,
            Instant updatedAt) {}

    public record CreateAccount(
            @Pattern(regexp = Identifiers.ACCOUNT_PATTERN, message = Identifiers.ACCOUNT_PATTERN_MESSAGE)
            String accountIdentifier,

            @NotBlank @Size(max = 128) String name) {}

    public record UpdateAccount(
            @NotBlank @Size(max = 128) String name,
            Plan plan,

            @Schema(
                    description =
                            "The longest an API key of the account may live, in days (1 to 3650); omit to keep it")
            @Min(1)
            @Max(3650)
            Integer apiKeyMaxLifetimeDays,

            @Schema(
                    description = "Whether the account's admins must sign in with two factors: an admin without"
                            + " them can do nothing but enrol; omit to keep it")
            Boolean requireAdminTwoFactor) {

        public UpdateAccount(String name, Plan plan) {
            this(name, plan, null, null);
        }
    }

    public record OrganizationView(
            String accountIdentifier,
            String identifier,
            String name,
            String description,
            Instant createdAt,
            Instant updatedAt) {}

    public record CreateOrganization(
            @NotBlank @Pattern(regexp = Identifiers.PATTERN, message = Identifiers.PATTERN_MESSAGE)
            String identifier,

            @NotBlank @Size(max = 128) String name,
            @Size(max = 1024) String description) {}

    public record UpdateOrganization(
            @NotBlank @Size(max = 128) String name,
            @Size(max = 1024) String description) {}

    public record ProjectView(
            String accountIdentifier,
            String organizationIdentifier,
            String identifier,
            String name,
            String description,
            Instant createdAt,
            Instant updatedAt) {}

    public record CreateProject(
            @NotBlank @Pattern(regexp = Identifiers.PATTERN, message = Identifiers.PATTERN_MESSAGE)
            String identifier,

            @NotBlank @Size(max = 128) String name,
            @Size(max = 1024) String description) {}

    public record UpdateProject(
            @NotBlank @Size(max = 128) String name,
            @Size(max = 1024) String description) {}

    public record EnvironmentView(
            String accountIdentifier,
            String organizationIdentifier,
            String projectIdentifier,
            String identifier,
            String name,
            String description,
            EnvironmentType type,
            Instant createdAt,
            Instant updatedAt) {}

    public record CreateEnvironment(
            @NotBlank @Pattern(regexp = Identifiers.PATTERN, message = Identifiers.PATTERN_MESSAGE)
            String identifier,

            @NotBlank @Size(max = 128) String name,
            @Size(max = 1024) String description,
            @NotNull EnvironmentType type) {}

    public record UpdateEnvironment(
            @NotBlank @Size(max = 128) String name,
            @Size(max = 1024) String description,
            @NotNull EnvironmentType type) {}
}
