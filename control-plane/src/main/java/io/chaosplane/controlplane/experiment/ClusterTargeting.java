package io.chaosplane.controlplane.experiment;

import io.chaosplane.controlplane.access.ResourceScope;
import io.chaosplane.controlplane.experiment.ExperimentManifest.Target;
import io.chaosplane.controlplane.infra.InfrastructureDtos.InfrastructureView;
import io.chaosplane.controlplane.infra.InfrastructureService;
import io.chaosplane.controlplane.infra.InfrastructureType;
import io.chaosplane.controlplane.run.RunPlan;
import io.chaosplane.protocol.catalog.FaultDefinition;
import io.chaosplane.protocol.k8s.Targets;
import io.chaosplane.service.web.FieldProblem;
import java.util.List;
import java.util.Map;

/**
 * Where a manifest's Kubernetes faults run: seed 000's {@code target} (kind, namespace, labelSelector, and the
 * ChaosPlane extension {@code names}) as the runner's workload selector, on the cluster named or the project's only
 * (or first connected) one; and the rule that a run goes to one cluster's runner.
 */
final class ClusterTargeting {

    static final List<String> KUBERNETES_KINDS =
            List.of("pod", "deployment", "statefulset", "daemonset", "replicaset", "node");

    private final InfrastructureService infrastructures;

    ClusterTargeting(InfrastructureService infrastructures) {
        this.infrastructures = infrastructures;
    }

    /**
     * A Kubernetes run goes to one chaos runner as a whole, which runs its steps: all its faults on that one
     * infrastructure, none on a Linux host.
     */
    static void checkOneCluster(List<List<RunPlan.Fault>> steps, List<FieldProblem> problems) {
        List<RunPlan.Fault> faults = steps.stream().flatMap(List::stream).toList();
        boolean kubernetes = faults.stream().anyMatch(fault -> fault.chaos().targets() != null);
        if (!kubernetes) {
            return;
        }
        if (faults.stream().anyMatch(fault -> fault.chaos().targets() == null)) {
            problems.add(new FieldProblem(
                    "spec.steps",
                    "an experiment runs either on Kubernetes or on Linux hosts;"
                            + " split Kubernetes and Linux faults into two experiments"));
        } else if (faults.stream()
                        .map(RunPlan.Fault::infrastructureId)
                        .distinct()
                        .count()
                > 1) {
            problems.add(new FieldProblem(
                    "spec.steps",
                    "the Kubernetes faults of an experiment run on one"
                            + " infrastructure's chaos runner; give them all the same target.infrastructure"));
        }
    }

    /** The Kubernetes infrastructure named, or the project's only (or first connected) one. */
    InfrastructureView infrastructure(
            String path,
            ResourceScope project,
            Target target,
            FaultDefinition definition,
            List<FieldProblem> problems) {
        if (target == null
                || target.infrastructure() == null
                || target.infrastructure().isBlank()) {
            List<InfrastructureView> clusters = infrastructures.inProject(project, InfrastructureType.Kubernetes);
            if (clusters.isEmpty()) {
                problems.add(new FieldProblem(
                        path + ".infrastructure",
                        definition.name() + " needs a Kubernetes" + " infrastructure, and " + project + " has none"));
                return null;
            }
            return clusters.getFirst();
        }
        InfrastructureView infrastructure =
                infrastructures.findInProject(project, target.infrastructure()).orElse(null);
        if (infrastructure == null) {
            problems.add(new FieldProblem(
                    path + ".infrastructure", "no infrastructure '" + target.infrastructure() + "' in " + project));
            return null;
        }
        if (infrastructure.type() != InfrastructureType.Kubernetes) {
            problems.add(new FieldProblem(
                    path + ".infrastructure",
                    "'" + target.infrastructure() + "' is a " + infrastructure.type() + " infrastructure; "
                            + definition.name() + " needs Kubernetes"));
            return null;
        }
        return infrastructure;
    }

    /** Seed 000's target (kind, namespace, labelSelector, names) as the runner's workload selector. */
    static Targets targets(String path, Target target, FaultDefinition definition, List<FieldProblem> problems) {
        if (target == null || target.kind() == null || target.kind().isBlank()) {
            problems.add(new FieldProblem(
                    path + ".kind", "is required for " + definition.name() + ": one of " + KUBERNETES_KINDS));
            return null;
        }
        String kind = target.kind().toLowerCase(java.util.Locale.ROOT);
        if (!KUBERNETES_KINDS.contains(kind)) {
            problems.add(new FieldProblem(path + ".kind", "'" + target.kind() + "' is not one of " + KUBERNETES_KINDS));
            return null;
        }
        String namespace = target.namespace() == null || target.namespace().isBlank() ? "default" : target.namespace();
        if (!ManifestPlanner.NAME.matcher(namespace).matches()) {
            problems.add(new FieldProblem(path + ".namespace", "must be a Kubernetes namespace name"));
        }
        Map<String, String> labels =
                target.labelSelector() == null || target.labelSelector().matchLabels() == null
                        ? Map.of()
                        : target.labelSelector().matchLabels();
        String labelText = String.join(
                ",",
                labels.entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .sorted()
                        .toList());
        return Targets.of(List.of(new Targets.Workload(
                kind, kind.equals("node") ? "" : namespace, target.names() == null ? "" : target.names(), labelText)));
    }
}
