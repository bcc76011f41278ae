package io.chaosplane.agent.k8s.fault;

import io.chaosplane.agent.fault.Fault;
import io.chaosplane.agent.fault.FaultContext;
import io.chaosplane.agent.k8s.target.TargetException;
import io.chaosplane.protocol.catalog.FaultInputs;
import io.chaosplane.protocol.k8s.Targets;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSpec;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code node-taint}: adds the TAINTS to the target nodes, as LitmusChaos does (value {@code node-taint} and effect
 * {@code NoExecute} when left out). The runner evicts nothing itself: as in LitmusChaos, Kubernetes' taint manager
 * evicts the pods that do not tolerate a NoExecute taint, and the scheduler keeps new ones away. Revert removes
 * exactly the taints this fault added (same key, value and effect); a taint of the same key and effect that the node
 * had before is left in place, and never planned.
 */
public final class NodeTaintFault implements KubernetesFault<NodeTaintFault.State> {

    /** One taint this fault adds to one node. */
    public record Added(String node, String key, String value, String effect) {}

    public record State(List<Added> added) {}

    private final Cluster cluster;
    private final Targets targets;

    public NodeTaintFault(Cluster cluster) {
        this(cluster, null);
    }

    private NodeTaintFault(Cluster cluster, Targets targets) {
        this.cluster = cluster;
        this.targets = targets;
    }

    @Override
    public Fault<State> aimedAt(Targets targets) {
        return new NodeTaintFault(cluster, targets);
    }

    @Override
    public String name() {
        return "node-taint";
    }

    @Override
    public Class<State> stateType() {
        return State.class;
    }

    @Override
    public State plan(FaultInputs inputs, FaultContext context) throws Exception {
        List<Added> added = new ArrayList<>();
        for (String nodeName : cluster.targets().chooseNodes(targets, inputs)) {
            Node node = cluster.client().nodes().withName(nodeName).get();
            if (node == null) {
                throw new TargetException("node " + nodeName + " does not exist");
            }
            for (String text : inputs.list("TAINTS", String.class)) {
                Added taint = parse(nodeName, text);
                if (taints(node).stream().anyMatch(existing -> sameKeyAndEffect(existing, taint))) {
                    context.log()
                            .info(
                                    "[Chaos]: The node has a taint " + taint.key() + ":" + taint.effect()
                                            + " already; it is left as it is",
                                    Map.of("Node", nodeName));
                } else {
                    added.add(taint);
                }
            }
        }
        return new State(added);
    }

    @Override
    public State inject(FaultInputs inputs, State planned, FaultContext context) throws Exception {
        for (Added taint : planned.added()) {
            context.log()
                    .info(
                            "[Chaos]: Tainting a node",
                            Map.of(
                                    "Node",
                                    taint.node(),
                                    "Taint",
                                    taint.key() + "=" + taint.value() + ":" + taint.effect()));
            cluster.client().nodes().withName(taint.node()).edit(node -> {
                if (taints(node).stream().noneMatch(existing -> sameKeyAndEffect(existing, taint))) {
                    List<Taint> taints = new ArrayList<>(taints(node));
                    taints.add(new TaintBuilder()
                            .withKey(taint.key())
                            .withValue(taint.value())
                            .withEffect(taint.effect())
                            .build());
                    if (node.getSpec() == null) {
                        node.setSpec(new NodeSpec());
                    }
                    node.getSpec().setTaints(taints);
                }
                return node;
            });
        }
        return planned;
    }

    @Override
    public void revert(State state, FaultContext context) throws Exception {
        for (Added taint : state.added()) {
            Node node = cluster.client().nodes().withName(taint.node()).get();
            if (node == null || taints(node).stream().noneMatch(existing -> same(existing, taint))) {
                continue;
            }
            cluster.client().nodes().withName(taint.node()).edit(found -> {
                List<Taint> kept = new ArrayList<>(taints(found));
                kept.removeIf(existing -> same(existing, taint));
                found.getSpec().setTaints(kept);
                return found;
            });
            context.log()
                    .info(
                            "[Chaos]: Removed a taint",
                            Map.of(
                                    "Node",
                                    taint.node(),
                                    "Taint",
                                    taint.key() + "=" + taint.value() + ":" + taint.effect()));
        }
    }

    /** LitmusChaos' TAINTS item, {@code key[=value][:effect]}, already matched against the catalogue's pattern. */
    static Added parse(String node, String text) {
        int colon = text.lastIndexOf(':');
        String effect = colon < 0 ? "NoExecute" : text.substring(colon + 1);
        String label = colon < 0 ? text : text.substring(0, colon);
        int equals = label.indexOf('=');
        String key = equals < 0 ? label : label.substring(0, equals);
        String value = equals < 0 ? "node-taint" : label.substring(equals + 1);
        return new Added(node, key, value, effect);
    }

    private static List<Taint> taints(Node node) {
        return node.getSpec() == null || node.getSpec().getTaints() == null
                ? List.of()
                : node.getSpec().getTaints();
    }

    /** A node holds one taint per key and effect: the API server refuses a second. */
    private static boolean sameKeyAndEffect(Taint existing, Added taint) {
        return taint.key().equals(existing.getKey()) && taint.effect().equals(existing.getEffect());
    }

    private static boolean same(Taint existing, Added taint) {
        return sameKeyAndEffect(existing, taint)
                && Objects.equals(existing.getValue() == null ? "" : existing.getValue(), taint.value());
    }
}
