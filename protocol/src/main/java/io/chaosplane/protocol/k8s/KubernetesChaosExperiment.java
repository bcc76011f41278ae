package io.chaosplane.protocol.k8s;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * Seed 001's {@code KubernetesChaosExperiment} ({@code experimentYaml} of the experiment run fetch): tasks, each a
 * fault with its targets and env-style tunables, and steps naming them. Steps run one after the other, the tasks of a
 * step at the same time. Members the seed shows as {@code null} are written as {@code null}, so that the document
 * keeps the seed's shape member for member.
 */
public record KubernetesChaosExperiment(
        String kind,
        String apiVersion,
        Metadata metadata,
        Spec spec,
        @JsonInclude(JsonInclude.Include.ALWAYS) Object variables) {

    public static final String KIND = "KubernetesChaosExperiment";
    public static final String API_VERSION = "litmuschaos.io/v1alpha1";

    public record Metadata(String name, String namespace) {}

    public record Spec(
            List<Task> tasks,
            String experimentId,
            String experimentRunId,
            List<List<StepTask>> steps,
            String cleanupPolicy,
            String serviceAccountName) {}

    public record Task(
            String name,
            Definition definition,
            List<ProbeRef> probeRef,
            @JsonInclude(JsonInclude.Include.ALWAYS) Object values) {}

    public record Definition(Targets targets, Chaos chaos) {}

    public record Chaos(
            String experiment,
            String image,
            String imagePullPolicy,
            Boolean defaultHealthCheck,
            List<EnvVar> env,
            Components components) {

        /** The env variables as name/value pairs; a variable without a value is left out. */
        public List<EnvVar> envList() {
            return env == null ? List.of() : env;
        }
    }

    /** One tunable, {@code {"name":"TOTAL_CHAOS_DURATION","value":"30"}}; the seed also shows names without a value. */
    public record EnvVar(String name, String value) {}

    public record Components(Map<String, Object> resources, List<Sidecar> sidecar) {}

    public record Sidecar(
            String image,
            String imagePullPolicy,
            @JsonInclude(JsonInclude.Include.ALWAYS) Object secrets,
            @JsonInclude(JsonInclude.Include.ALWAYS) Object envFrom,
            @JsonInclude(JsonInclude.Include.ALWAYS) Object env) {}

    public record ProbeRef(String probeID, String mode) {}

    public record StepTask(String name, String status) {}

    /** The task of that name. */
    public java.util.Optional<Task> task(String name) {
        return spec.tasks().stream().filter(task -> task.name().equals(name)).findFirst();
    }
}
