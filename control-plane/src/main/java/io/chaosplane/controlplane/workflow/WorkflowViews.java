package io.chaosplane.controlplane.workflow;

import io.chaosplane.controlplane.workflow.WorkflowManifest.Spec;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

public final class WorkflowViews {

    private WorkflowViews() {}

    /** An item of {@code GET /api/v1/workflows}. */
    public record WorkflowSummary(
            String name,
            String namespace,
            String phase,
            String entry,
            int steps,
            Instant startTime,
            Instant endTime,
            UUID id,
            String organizationIdentifier,
            String projectIdentifier) {}

    /** {@code GET /api/v1/workflows/{namespace}/{name}}: the manifest with the status of every step. */
    public record WorkflowDetail(String apiVersion, String kind, Metadata metadata, Spec spec, Status status) {}

    public record Metadata(
            String name,
            String namespace,
            String uid,
            Instant creationTimestamp,
            String createdBy,
            String organizationIdentifier,
            String projectIdentifier) {}

    public record Status(String phase, String message, Instant startTime, Instant endTime, List<NodeStatus> nodes) {}

    /**
     * A step: its phase, the run it started (Experiment and StatusCheck steps), and why it is where it is.
     *
     * @param deadline a Suspend step's timeout, if it has one
     */
    public record NodeStatus(
            String name,
            String templateType,
            String phase,
            UUID runId,
            String message,
            Instant startedAt,
            Instant finishedAt,
            Instant deadline,
            List<String> children) {}
}
