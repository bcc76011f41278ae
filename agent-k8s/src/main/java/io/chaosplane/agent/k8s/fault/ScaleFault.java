package io.chaosplane.agent.k8s.fault;

import io.chaosplane.agent.fault.Fault;
import io.chaosplane.agent.fault.FaultContext;
import io.chaosplane.protocol.catalog.FaultInputs;
import io.chaosplane.protocol.k8s.Targets;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code pod-autoscaler}: sets the target deployments' and statefulsets' replicas to REPLICA_COUNT for the chaos
 * duration; revert puts back what each had, recorded at plan time.
 */
public final class ScaleFault implements KubernetesFault<ScaleFault.State> {

    public record Replicas(String kind, String namespace, String name, int replicas) {}

    /** What each workload had before. */
    public record State(List<Replicas> original) {}

    private final Cluster cluster;
    private final Targets targets;

    public ScaleFault(Cluster cluster) {
        this(cluster, null);
    }

    private ScaleFault(Cluster cluster, Targets targets) {
        this.cluster = cluster;
        this.targets = targets;
    }

    @Override
    public Fault<State> aimedAt(Targets targets) {
        return new ScaleFault(cluster, targets);
    }

    @Override
    public String name() {
        return "pod-autoscaler";
    }

    @Override
    public Class<State> stateType() {
        return State.class;
    }

    @Override
    public State plan(FaultInputs inputs, FaultContext context) throws Exception {
        List<Replicas> original = new ArrayList<>();
        for (HasMetadata workload : cluster.targets().scalableWorkloads(targets)) {
            Integer replicas = switch (workload) {
                case Deployment deployment -> deployment.getSpec().getReplicas();
                case StatefulSet statefulSet -> statefulSet.getSpec().getReplicas();
                default -> throw new IllegalStateException(workload.getKind());
            };
            original.add(new Replicas(
                    workload instanceof Deployment ? "deployment" : "statefulset",
                    workload.getMetadata().getNamespace(),
                    workload.getMetadata().getName(),
                    replicas == null ? 1 : replicas));
        }
        return new State(original);
    }

    @Override
    public State inject(FaultInputs inputs, State planned, FaultContext context) throws Exception {
        int replicas = (int) inputs.integer("REPLICA_COUNT");
        for (Replicas workload : planned.original()) {
            context.log()
                    .info(
                            "[Chaos]: Scaling a workload",
                            Map.of(
                                    "Workload",
                                    workload.kind() + " " + workload.namespace() + "/" + workload.name(),
                                    "From",
                                    Integer.toString(workload.replicas()),
                                    "To",
                                    Integer.toString(replicas)));
            scale(workload, replicas);
        }
        return planned;
    }

    @Override
    public void revert(State state, FaultContext context) throws Exception {
        for (Replicas workload : state.original()) {
            scale(workload, workload.replicas());
            context.log()
                    .info(
                            "[Chaos]: Scaled back",
                            Map.of(
                                    "Workload",
                                    workload.namespace() + "/" + workload.name(),
                                    "Replicas",
                                    Integer.toString(workload.replicas())));
        }
    }

    /** A merge patch of spec.replicas: the same call for both kinds, and idempotent. */
    private void scale(Replicas workload, int replicas) {
        String patch = "{\"spec\":{\"replicas\":" + replicas + "}}";
        PatchContext merge = PatchContext.of(PatchType.JSON_MERGE);
        if (workload.kind().equals("deployment")) {
            cluster.client()
                    .apps()
                    .deployments()
                    .inNamespace(workload.namespace())
                    .withName(workload.name())
                    .patch(merge, patch);
        } else {
            cluster.client()
                    .apps()
                    .statefulSets()
                    .inNamespace(workload.namespace())
                    .withName(workload.name())
                    .patch(merge, patch);
        }
    }
}
