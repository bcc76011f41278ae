package io.chaosplane.protocol.k8s;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What a Kubernetes fault targets (seed 001's {@code targets}): workloads by kind, namespace, names and labels.
 * {@code application} is kept for the seed's shape and not used.
 */
public record Targets(
        Selectors selectors,
        @JsonInclude(JsonInclude.Include.ALWAYS) Object application) {

    public static Targets of(List<Workload> workloads) {
        return new Targets(new Selectors(workloads), null);
    }

    /** The workloads, never {@code null}. */
    public List<Workload> workloads() {
        return selectors == null || selectors.workloads() == null ? List.of() : selectors.workloads();
    }

    public record Selectors(List<Workload> workloads) {}

    /**
     * Workloads of one kind ({@code deployment}, {@code statefulset}, {@code daemonset}, {@code replicaset},
     * {@code pod}, or {@code node} for node faults) in a namespace: those named in {@code names} (comma-separated),
     * or those whose labels match {@code labels} ({@code app=cart,tier=web}), or all of them when both are empty.
     */
    public record Workload(String kind, String namespace, String names, String labels) {}
}
