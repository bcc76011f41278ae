package io.chaosplane.controlplane.experiment;

import io.chaosplane.controlplane.experiment.ExperimentManifest.Action;
import io.chaosplane.controlplane.experiment.ExperimentManifest.Metadata;
import io.chaosplane.controlplane.experiment.ExperimentManifest.Spec;
import io.chaosplane.controlplane.experiment.ExperimentManifest.Target;
import io.chaosplane.controlplane.run.RunViews.StepView;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Seed 000's experiment shapes: a list item, and the full object with spec, status, conditions and resources. */
public final class ExperimentViews {

    private ExperimentViews() {}

    /** An item of {@code GET /api/v1/experiments}: seed 000's members, then ChaosPlane's. */
    public record ExperimentSummary(
            String name,
            String namespace,
            String phase,
            Target target,
            Action action,
            String duration,
            Instant startTime,
            Instant endTime,
            UUID id,
            UUID runId,
            BigDecimal resiliencyScore,
            String organizationIdentifier,
            String projectIdentifier) {}

    /** {@code GET /api/v1/experiments/{namespace}/{name}}: the manifest with its status. */
    public record ExperimentDetail(String apiVersion, String kind, DetailMetadata metadata, Spec spec, Status status) {}

    public record DetailMetadata(
            String name,
            String namespace,
            String uid,
            Instant creationTimestamp,
            java.util.Map<String, String> labels,
            java.util.Map<String, String> annotations,
            String createdBy,
            String organizationIdentifier,
            String projectIdentifier) {

        static DetailMetadata of(Experiment experiment, Metadata metadata) {
            return new DetailMetadata(
                    experiment.name(),
                    experiment.namespace(),
                    experiment.id().toString(),
                    experiment.createdAt(),
                    metadata == null ? null : metadata.labels(),
                    metadata == null ? null : metadata.annotations(),
                    experiment.createdBy(),
                    experiment.organization(),
                    experiment.project());
        }
    }

    public record Status(
            String phase,
            Instant startTime,
            Instant endTime,
            UUID runId,
            Integer runSequence,
            BigDecimal resiliencyScore,
            String message,
            List<Condition> conditions,
            List<AffectedResource> affectedResources,
            List<StepView> steps) {}

    /** As Kubernetes conditions: type, True/False, why, since when. */
    public record Condition(String type, String status, String reason, String message, Instant lastTransitionTime) {}

    public record AffectedResource(String kind, String name, String infrastructureId, String hostname) {}
}
