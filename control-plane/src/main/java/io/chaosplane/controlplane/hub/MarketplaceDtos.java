package io.chaosplane.controlplane.hub;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** The bodies of the marketplace routes. */
public final class MarketplaceDtos {

    private MarketplaceDtos() {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record PackageView(
            @Schema(description = "hub:package", example = "chaosplane:linux-cpu-burn")
            String id,

            String hub,
            String name,
            String version,
            String category,
            String provider,
            String description,
            List<String> faults,
            List<String> requirements,
            List<HubPackage.Parameter> parameters,
            List<String> experiments,
            List<String> workflows,
            String sha256,

            @Schema(
                    description =
                            "The file's SHA-256 equals the one its hub's index declares; install refuses it if not")
            boolean verified,

            @Schema(nullable = true, description = "When the package's hub was last read; null for the built-in hub")
            Instant hubLastReadAt,

            @Schema(nullable = true, description = "The package file (YAML), on GET /packages/{package_id} only")
            String content) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record HubRequest(
            @Schema(description = "Lower-case letters, digits, '-' and '_', at most 40", example = "team-hub")
            String identifier,

            @Schema(
                    allowableValues = {"git", "http"},
                    example = "git")
            String kind,

            @Schema(
                    description = "git: a https, http, ssh or git URL of the repository; http: the base URL of"
                            + " index.yaml and the package files",
                    example = "https://github.com/example/chaos-hub.git")
            String url,

            @Schema(description = "git: the branch or tag to read; the default branch when absent", example = "main")
            String ref) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record HubView(
            String identifier,
            String kind,
            String url,
            String ref,
            String createdBy,
            Instant createdAt,

            @Schema(nullable = true, description = "The last successful read; null until the first")
            Instant lastReadAt,

            @Schema(nullable = true) Instant lastTriedAt,

            @Schema(
                    nullable = true,
                    description = "Why the last read failed; its packages are those of the last success")
            String lastError,

            int packages) {}

    public record InstallRequest(
            @Schema(
                    description = "The package's parameters by name",
                    example = "{\"infrastructure\": \"local_agent\", \"namespace\": \"demo\"}")
            Map<String, String> parameters) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record InstallView(
            String packageId,
            String version,

            @Schema(allowableValues = {"created", "updated", "unchanged"})
            String change,

            List<Written> experiments,
            List<Written> workflows) {}

    public record Written(
            String namespace,
            String name,

            @Schema(allowableValues = {"created", "updated", "unchanged"})
            String change) {}
}
