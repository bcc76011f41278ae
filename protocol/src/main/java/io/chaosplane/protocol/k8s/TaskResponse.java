package io.chaosplane.protocol.k8s;

/**
 * Body of {@code POST /chaos/kserver/api/infra/v2/task/response/{infraId}}: a chaos runner's callback. The only
 * {@code taskType} so far is {@code WORKFLOW_EVENT}, whose {@code args} carry the run's node tree.
 */
public record TaskResponse(String taskType, String executionType, String infraId, WorkflowEventArgs args) {

    public static final String WORKFLOW_EVENT = "WORKFLOW_EVENT";

    /**
     * A workflow event's members, all strings as in the seed: {@code completed} is {@code "true"} on the last event of
     * a run, {@code executionData} the node tree as a JSON string ({@link ExecutionData}).
     */
    public record WorkflowEventArgs(
            String completed,
            String executionData,
            String infraID,
            String notifyID,
            String updatedBy,
            String workflowID,
            String workflowName,
            String workflowRunID) {}
}
