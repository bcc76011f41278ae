package io.chaosplane.controlplane.hub;

import io.chaosplane.controlplane.access.ProjectScope;
import io.chaosplane.controlplane.experiment.ExperimentManifest;
import io.chaosplane.controlplane.experiment.ExperimentService;
import io.chaosplane.controlplane.workflow.WorkflowManifest;
import io.chaosplane.controlplane.workflow.WorkflowManifest.Template;
import io.chaosplane.controlplane.workflow.WorkflowService;
import io.chaosplane.controlplane.workflow.WorkflowViews.WorkflowDetail;
import io.chaosplane.service.web.NotFoundException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Experiments and workflows written into a project as the API writes them (same services, same validation and
 * roles), never started: experiments are applied without a run, and every workflow waits first at a {@code review}
 * Suspend step until someone resumes it.
 */
@Component
class Scenarios {

    static final String REVIEW_STEP = "review";

    private final ExperimentService experiments;
    private final WorkflowService workflows;

    Scenarios(ExperimentService experiments, WorkflowService workflows) {
        this.experiments = experiments;
        this.workflows = workflows;
    }

    /** Creates or updates the experiment; answers created, updated or unchanged. */
    ExperimentService.Change apply(ProjectScope scope, ExperimentManifest manifest) {
        String namespace = manifest.metadata().namespace() == null
                ? "default"
                : manifest.metadata().namespace();
        return experiments
                .apply(scope, namespace, manifest.metadata().name(), manifest, false)
                .change();
    }

    Optional<WorkflowDetail> workflow(ProjectScope scope, String namespace, String name) {
        try {
            return Optional.of(workflows.get(scope, namespace, name));
        } catch (NotFoundException absent) {
            return Optional.empty();
        }
    }

    /**
     * Creates the workflow behind a review step; one of that name that is there already is aborted (it has not gone
     * past its review, or someone started it on purpose and it is theirs to finish: 409) and replaced.
     */
    WorkflowDetail replace(ProjectScope scope, WorkflowManifest manifest) {
        String namespace = manifest.metadata().namespace() == null
                ? "default"
                : manifest.metadata().namespace();
        String name = manifest.metadata().name();
        Optional<WorkflowDetail> existing = workflow(scope, namespace, name);
        if (existing.isPresent()) {
            if (waitsForReview(existing.get())) {
                workflows.abort(scope, namespace, name);
            }
            workflows.delete(scope, namespace, name);
        }
        return workflows.create(scope, behindReview(manifest));
    }

    private static boolean waitsForReview(WorkflowDetail workflow) {
        return workflow.status() != null
                && "Suspended".equals(workflow.status().phase())
                && workflow.status().nodes() != null
                && workflow.status().nodes().stream()
                        .anyMatch(node -> REVIEW_STEP.equals(node.name()) && "Suspended".equals(node.phase()));
    }

    /** The manifest with a Serial entry that waits for a resume before the manifest's own entry runs. */
    static WorkflowManifest behindReview(WorkflowManifest manifest) {
        List<Template> templates = new ArrayList<>();
        String entry = "reviewed-" + manifest.spec().entry();
        templates.add(new Template(
                entry, "Serial", List.of(REVIEW_STEP, manifest.spec().entry()), null, null, null));
        templates.add(new Template(REVIEW_STEP, "Suspend", null, null, new WorkflowManifest.Suspend(null, null), null));
        templates.addAll(manifest.spec().templates());
        return new WorkflowManifest(
                manifest.apiVersion(),
                manifest.kind(),
                manifest.metadata(),
                new WorkflowManifest.Spec(entry, templates));
    }
}
