package io.chaosplane.controlplane.hub;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.LocalDate;
import java.util.List;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * A public incident of the catalogue ({@code hub/incidents.yaml}), as its post-mortem describes it.
 *
 * @param componentTypes the topology component types it takes down; "*" for every component in its regions
 * @param emulation the fault a replay workflow emulates it with, towards these hosts
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonPropertyOrder({
    "id",
    "title",
    "provider",
    "date",
    "duration_minutes",
    "affected_services",
    "affected_regions",
    "failure_mode",
    "postmortem_url",
    "component_types",
    "emulation"
})
public record Incident(
        @Schema(example = "aws-s3-us-east-1-2017") String id,
        String title,
        @Schema(example = "aws") String provider,
        @Schema(example = "2017-02-28") LocalDate date,
        @Schema(example = "257") int durationMinutes,
        List<String> affectedServices,

        @Schema(description = "Provider regions, or [\"global\"]", example = "[\"us-east-1\"]")
        List<String> affectedRegions,

        String failureMode,

        @Schema(example = "https://aws.amazon.com/message/41926/")
        String postmortemUrl,

        @Schema(description = "Topology component types it takes down; \"*\" for every component in its regions")
        List<String> componentTypes,

        Emulation emulation) {

    public Incident {
        affectedServices = List.copyOf(affectedServices);
        affectedRegions = List.copyOf(affectedRegions);
        componentTypes = List.copyOf(componentTypes);
    }

    /** A fault of the catalogue ({@code linux-network-blackhole} or {@code linux-dns-error}) and its hosts. */
    public record Emulation(String fault, List<String> hosts) {}

    boolean global() {
        return affectedRegions.contains("global");
    }

    boolean strikesEveryType() {
        return componentTypes.contains("*");
    }
}
