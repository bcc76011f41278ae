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
                new NetworkFault("pod-network-corruption", cluster, gracePeriod),
                new NetworkFault("pod-network-duplication", cluster, gracePeriod),
                new NetworkFault("pod-network-partition", cluster, gracePeriod, new PartitionHelper()),
                new NetworkFault("pod-dns-error", cluster, gracePeriod, new DnsHelper("pod-dns-error")),
                new NetworkFault("pod-dns-spoof", cluster, gracePeriod, new DnsHelper("pod-dns-spoof")),
                new StressFault("pod-io-stress", cluster, clock),
                new NetworkFault("pod-http-latency", cluster, gracePeriod, new HttpHelper("pod-http-latency")),
                new NetworkFault("pod-http-status-code", cluster, gracePeriod, new HttpHelper("pod-http-status-code")),
                new NetworkFault(
                        "pod-http-modify-header", cluster, gracePeriod, new HttpHelper("pod-http-modify-header")),
                new NetworkFault("pod-http-modify-body", cluster, gracePeriod, new HttpHelper("pod-http-modify-body")),
                new NetworkFault("pod-http-reset-peer", cluster, gracePeriod, new HttpHelper("pod-http-reset-peer")),
                new StressFault("disk-fill", cluster, clock),
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
