package io.chaosplane.agent.k8s.fault;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** Every fault of the catalogue's Kubernetes platform, as this runner runs them. */
public final class KubernetesFaultSet {

    private KubernetesFaultSet() {}

    /** @param gracePeriod how long helper pods outlive their fault's duration before Kubernetes ends them */
    public static List<KubernetesFault<?>> all(Cluster cluster, Clock clock, Duration gracePeriod) {
        return all(cluster, clock, gracePeriod, List.of());
    }

    /**
     * @param nodeRestartCommand the runner's NODE_RESTART_COMMAND as an argument vector (node-restart appends the node's
     *     name and address); empty: node-restart restarts nodes from a helper pod
     */
    public static List<KubernetesFault<?>> all(
            Cluster cluster, Clock clock, Duration gracePeriod, List<String> nodeRestartCommand) {
        return List.of(
                new PodDeleteFault("pod-delete", cluster, clock),
                new PodDeleteFault("pod-kill", cluster, clock),
                new ContainerKillFault(cluster, clock),
                new StressFault("pod-cpu-hog", cluster, clock),
                new StressFault("pod-memory-hog", cluster, clock),
                new NetworkFault("pod-network-latency", cluster, gracePeriod),
                new NetworkFault("pod-network-loss", cluster, gracePeriod),
                new ScaleFault(cluster),
                new NodeFault("node-cordon", cluster),
                new NodeFault("node-drain", cluster),
                new NodeStressFault("node-cpu-hog", cluster, clock, gracePeriod),
                new NodeStressFault("node-memory-hog", cluster, clock, gracePeriod),
                new NodeStressFault("node-io-stress", cluster, clock, gracePeriod),
                new NodeTaintFault(cluster),
                new NodeRestartFault(cluster, gracePeriod, nodeRestartCommand),
                new KubeletKillFault(cluster, gracePeriod));
    }
}
