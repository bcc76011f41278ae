package io.chaosplane.agent.k8s.fault;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** Every fault of the catalogue's Kubernetes platform, as this runner runs them. */
public final class KubernetesFaultSet {

    private KubernetesFaultSet() {}

    /** @param gracePeriod how long helper pods outlive their fault's duration before Kubernetes ends them */
    public static List<KubernetesFault<?>> all(Cluster cluster, Clock clock, Duration gracePeriod) {
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
                new NodeFault("node-drain", cluster));
    }
}
