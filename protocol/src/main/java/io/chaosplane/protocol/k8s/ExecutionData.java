package io.chaosplane.protocol.k8s;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * Seed 001's execution data: a run's node tree as the chaos runner reports it ({@code args.executionData} of a
 * {@code WORKFLOW_EVENT}, a JSON string there) and as the experiment run fetch answers it (an object there). The root
 * node ({@code type} Steps) has the first step's tasks as children; each task node ({@code type} K8sTask) has the next
 * step's tasks. Times are Unix seconds as strings, empty when not yet.
 */
public record ExecutionData(
        String workflowType,
        String eventType,
        String namespace,
        String name,
        String creationTimestamp,
        String phase,
        String message,
        String startedAt,
        String finishedAt,
        Map<String, Node> nodes,
        String executedBy) {

    public static final String STEPS = "Steps";
    public static final String K8S_TASK = "K8sTask";

    public record Node(
            String name,
            String phase,
            String message,
            String startedAt,
            String finishedAt,
            @JsonInclude(JsonInclude.Include.ALWAYS) List<String> children,
            String type,
            ChaosData chaosData) {}

    public record ChaosData(
            String namespace,
            String experimentName,
            String experimentStatus,
            String lastUpdatedAt,
            String experimentVerdict,
            String probeSuccessPercentage,
            String failStep,
            String taskDefinitionCR,
            String errorCode,
            String streamID,
            @JsonInclude(JsonInclude.Include.ALWAYS) Object helperPodDetails) {}
}
