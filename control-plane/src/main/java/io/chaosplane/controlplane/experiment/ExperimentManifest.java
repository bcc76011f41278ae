package io.chaosplane.controlplane.experiment;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.chaosplane.controlplane.stopcondition.StopCondition;
import io.chaosplane.protocol.probe.Probe;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;

/**
 * Seed 000's {@code ChaosExperiment} manifest, as JSON or YAML. Its {@code spec} names a target, an action and a
 * duration; ChaosPlane adds {@code probes} and {@code weight}, a Linux infrastructure as a target, and
 * {@code steps} for experiments of several faults (steps run one after the other, the faults of a step together), and
 * {@code stopConditions} that stop a run when the system under test suffers too much.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "A ChaosExperiment manifest (apiVersion chaos.chaosplane.io/v1alpha1)")
public record ExperimentManifest(
        @Schema(example = "chaos.chaosplane.io/v1alpha1") String apiVersion,
        @Schema(example = "ChaosExperiment") String kind,
        Metadata metadata,
        Spec spec) {

    public static final String API_VERSION = "chaos.chaosplane.io/v1alpha1";
    public static final String KIND = "ChaosExperiment";

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Metadata(
            @Schema(description = "Lower-case letters, digits and '-', at most 63", example = "cpu-hog")
            String name,

            @Schema(description = "Defaults to 'default'", example = "production")
            String namespace,

            Map<String, String> labels,
            Map<String, String> annotations) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Spec(
            Target target,

            @Schema(description = "One fault; or give steps instead")
            Action action,

            @Schema(description = "Go duration of the fault, as 30s or 5m", example = "30s")
            String duration,

            @Schema(description = "Probes that judge the fault (ChaosPlane extension)")
            List<Probe> probes,

            @Schema(description = "Weight 1-10 of the fault in the resiliency score, default 10")
            Integer weight,

            @Schema(
                    description =
                            "Several faults: steps run in order, the faults of a step together (ChaosPlane extension)")
            List<List<FaultSpec>> steps,

            @Schema(
                    description = "Checks of the system under test while the run goes; a breach stops the run"
                            + " (ChaosPlane extension)")
            List<StopCondition> stopConditions) {

        public Spec(
                Target target,
                Action action,
                String duration,
                List<Probe> probes,
                Integer weight,
                List<List<FaultSpec>> steps) {
            this(target, action, duration, probes, weight, steps, null);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Target(
            @Schema(
                    description = "Linux for a Linux infrastructure; Pod, Deployment, StatefulSet, DaemonSet,"
                            + " ReplicaSet or Node for Kubernetes",
                    example = "Linux")
            String kind,

            @Schema(description = "Kubernetes: the targets' namespace, default 'default'")
            String namespace,

            LabelSelector labelSelector,

            @Schema(
                    description = "The infrastructure's id (infraID) or identifier; for Kubernetes, default the"
                            + " project's only (or first connected) Kubernetes infrastructure")
            String infrastructure,

            @Schema(description = "Kubernetes: the targets' names, comma-separated (ChaosPlane extension)")
            String names) {

        public Target(String kind, String namespace, LabelSelector labelSelector, String infrastructure) {
            this(kind, namespace, labelSelector, infrastructure, null);
        }
    }

    public record LabelSelector(Map<String, String> matchLabels) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Action(
            @Schema(description = "A fault of the catalogue (GET /api/v1/faults)", example = "linux-cpu-stress")
            String type,

            @Schema(description = "The fault's inputs by name", example = "{\"Load\": \"100\", \"Workers\": \"1\"}")
            Map<String, Object> parameters) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FaultSpec(
            @Schema(description = "Unique in the experiment", example = "cpu")
            String name,

            @Schema(description = "Defaults to spec.target") Target target,
            Action action,
            String duration,
            Integer weight,
            List<Probe> probes) {}
}
