package io.chaosplane.agent.k8s.fault;

import io.chaosplane.agent.fault.Fault;
import io.chaosplane.agent.fault.FaultContext;
import io.chaosplane.protocol.catalog.FaultInputs;
import io.chaosplane.protocol.k8s.Targets;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code node-cordon} (mark nodes unschedulable) and {@code node-drain} (that, and evict their pods except DaemonSet
 * and mirror pods, through the eviction API so that disruption budgets hold). Revert makes schedulable again exactly
 * the nodes this fault cordoned: a node an operator had cordoned before stays cordoned.
 */
public final class NodeFault implements KubernetesFault<NodeFault.State> {

    /** The nodes this fault cordons (they were schedulable when it planned). */
    public record State(List<String> cordoned) {}

    private static final String MIRROR_ANNOTATION = "kubernetes.io/config.mirror";

    private final String name;
    private final Cluster cluster;
    private final Targets targets;

    public NodeFault(String name, Cluster cluster) {
        this(name, cluster, null);
    }

    private NodeFault(String name, Cluster cluster, Targets targets) {
        this.name = name;
        this.cluster = cluster;
        this.targets = targets;
    }

    @Override
    public Fault<State> aimedAt(Targets targets) {
        return new NodeFault(name, cluster, targets);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Class<State> stateType() {
        return State.class;
    }

    @Override
    public State plan(FaultInputs inputs, FaultContext context) throws Exception {
        List<String> schedulable = new ArrayList<>();
        for (String node : cluster.targets().nodes(targets, inputs)) {
            Node found = cluster.client().nodes().withName(node).get();
            if (found.getSpec() == null || !Boolean.TRUE.equals(found.getSpec().getUnschedulable())) {
                schedulable.add(node);
            } else {
                context.log().info("[Chaos]: Node " + node + " is cordoned already; it is left as it is");
            }
        }
        return new State(schedulable);
    }

    @Override
    public State inject(FaultInputs inputs, State planned, FaultContext context) throws Exception {
        for (String node : planned.cordoned()) {
            context.log().info("[Chaos]: Cordoning a node", Map.of("Node", node));
            unschedulable(node, true);
        }
        if (name.equals("node-drain")) {
            for (String node : planned.cordoned()) {
                drain(node, context);
            }
        }
        return planned;
    }

    @Override
    public void revert(State state, FaultContext context) throws Exception {
        for (String node : state.cordoned()) {
            if (cluster.client().nodes().withName(node).get() != null) {
                unschedulable(node, false);
                context.log().info("[Chaos]: Uncordoned a node", Map.of("Node", node));
            }
        }
    }

    private void unschedulable(String node, boolean value) {
        cluster.client()
                .nodes()
                .withName(node)
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"unschedulable\":" + value + "}}");
    }

    private void drain(String node, FaultContext context) {
        List<Pod> pods = cluster.client()
                .pods()
                .inAnyNamespace()
                .withField("spec.nodeName", node)
                .list()
                .getItems();
        for (Pod pod : pods) {
            if (isDaemonSetPod(pod)
                    || pod.getMetadata().getAnnotations() != null
                            && pod.getMetadata().getAnnotations().containsKey(MIRROR_ANNOTATION)) {
                continue;
            }
            boolean evicted = cluster.client()
                    .pods()
                    .inNamespace(pod.getMetadata().getNamespace())
                    .withName(pod.getMetadata().getName())
                    .evict();
            context.log()
                    .info(
                            "[Chaos]: " + (evicted ? "Evicted" : "Could not evict (a disruption budget holds it)")
                                    + " a pod",
                            Map.of(
                                    "Pod",
                                    pod.getMetadata().getNamespace() + "/"
                                            + pod.getMetadata().getName(),
                                    "Node",
                                    node));
        }
    }

    private static boolean isDaemonSetPod(Pod pod) {
        List<OwnerReference> owners = pod.getMetadata().getOwnerReferences();
        return owners != null && owners.stream().anyMatch(owner -> "DaemonSet".equals(owner.getKind()));
    }
}
