package io.chaosplane.controlplane.workflow;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.chaosplane.controlplane.stopcondition.StopCondition;
import io.chaosplane.protocol.probe.Probe;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;

/**
 * A {@code ChaosWorkflow} manifest, JSON or YAML: named templates and the one to start from ({@code entry}).
 * Serial and Parallel templates group their {@code children}; an Experiment template runs an experiment of the
 * project; a Suspend template waits for {@code POST .../resume} (or its timeout); a StatusCheck template runs probes on
 * an infrastructure and lets what follows go on only when they pass. {@code stopConditions} guard the whole workflow.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "A ChaosWorkflow manifest (apiVersion chaos.chaosplane.io/v1alpha1)")
public record WorkflowManifest(
        @Schema(example = "chaos.chaosplane.io/v1alpha1") String apiVersion,
        @Schema(example = "ChaosWorkflow") String kind,
        Metadata metadata,
        Spec spec) {

    public static final String API_VERSION = "chaos.chaosplane.io/v1alpha1";
    public static final String KIND = "ChaosWorkflow";

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Metadata(
            String name,
            @Schema(description = "Defaults to 'default'") String namespace,
            Map<String, String> labels) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Spec(
            @Schema(description = "The template the workflow starts from")
            String entry,

            List<Template> templates,

            @Schema(
                    description = "Checks of the system under test (http or prometheus, as an experiment's) made while"
                            + " any run of the workflow is running; a breach stops the whole workflow and its runs"
                            + " (phase Stopped, faults reverted). Command conditions belong on the experiments.")
            List<StopCondition> stopConditions) {

        public Spec(String entry, List<Template> templates) {
            this(entry, templates, null);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Template(
            String name,

            @Schema(allowableValues = {"Serial", "Parallel", "Experiment", "Suspend", "StatusCheck"})
            String templateType,

            @Schema(description = "Serial and Parallel: the templates they group, by name")
            List<String> children,

            @Schema(description = "Experiment: an experiment of the project")
            ExperimentRef experiment,

            Suspend suspend,
            StatusCheck statusCheck) {}

    public record ExperimentRef(
            String name,

            @Schema(description = "Defaults to the workflow's namespace")
            String namespace) {}

    /**
     * @param timeout how long to wait for a resume (Go duration); without one, until resumed
     * @param onTimeout {@code continue} (default) or {@code fail}
     */
    public record Suspend(String timeout, String onTimeout) {}

    /**
     * @param infrastructure the Linux infrastructure the probes run on, by id or identifier
     * @param duration how long the probes run (Go duration, default 1s)
     */
    public record StatusCheck(String infrastructure, List<Probe> probes, String duration) {}
}
