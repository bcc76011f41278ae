package io.chaosplane.controlplane.hub;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * A package file of a hub: experiment and workflow templates whose string values may hold {@code ${parameter}}
 * placeholders, and the parameters they take.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record HubPackage(
        String id,
        String name,
        String version,
        String category,
        String provider,
        String description,
        List<String> faults,
        List<String> requirements,
        List<Parameter> parameters,
        List<JsonNode> experiments,
        List<JsonNode> workflows) {

    HubPackage {
        faults = faults == null ? List.of() : List.copyOf(faults);
        requirements = requirements == null ? List.of() : List.copyOf(requirements);
        parameters = parameters == null ? List.of() : List.copyOf(parameters);
        experiments = experiments == null ? List.of() : List.copyOf(experiments);
        workflows = workflows == null ? List.of() : List.copyOf(workflows);
    }

    /**
     * @param defaultValue what it takes when the install does not give it; a parameter without one is required
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.ALWAYS)
    record Parameter(
            @Schema(example = "infrastructure") String name,

            @Schema(example = "The Linux infrastructure to run on, by id or identifier")
            String description,

            @Schema(name = "default", nullable = true) @com.fasterxml.jackson.annotation.JsonProperty("default")
            String defaultValue) {

        boolean required() {
            return defaultValue == null;
        }
    }
}
