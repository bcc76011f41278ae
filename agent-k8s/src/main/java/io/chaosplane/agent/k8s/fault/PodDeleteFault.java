package io.chaosplane.agent.k8s.fault;

import io.chaosplane.agent.fault.Fault;
import io.chaosplane.agent.fault.FaultContext;
import io.chaosplane.protocol.catalog.FaultInputs;
import io.chaosplane.protocol.k8s.Targets;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * {@code pod-delete} and seed 000's {@code pod-kill}: deletes PODS_AFFECTED_PERC of the target pods (or TARGET_PODS)
 * every CHAOS_INTERVAL for the chaos duration, all at once or one after the other (SEQUENCE). Nothing to put back:
 * the pods' controllers recreate them; revert stops the rounds.
 */
public final class PodDeleteFault implements KubernetesFault<PodDeleteFault.State> {

    /** The fault needs nothing of its own to revert; the names hit first are kept for the record. */
    public record State(List<String> firstRound) {}

    private final String name;
    private final Cluster cluster;
    private final Rounds rounds;
    private final Clock clock;
    private final Targets targets;

    public PodDeleteFault(String name, Cluster cluster, Clock clock) {
        this(name, cluster, new Rounds(clock), clock, null);
    }

    private PodDeleteFault(String name, Cluster cluster, Rounds rounds, Clock clock, Targets targets) {
        this.name = name;
        this.cluster = cluster;
        this.rounds = rounds;
        this.clock = clock;
        this.targets = targets;
    }

    @Override
    public Fault<State> aimedAt(Targets targets) {
        return new PodDeleteFault(name, cluster, rounds, clock, targets);
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
        return new State(cluster.targets().choosePods(targets, inputs).stream()
                .map(pod -> pod.getMetadata().getNamespace() + "/"
                        + pod.getMetadata().getName())
                .toList());
    }

    @Override
    public State inject(FaultInputs inputs, State planned, FaultContext context) throws Exception {
        Long grace = gracePeriod(inputs);
        boolean serial = "serial".equals(inputs.string("SEQUENCE"));
        rounds.start(
                context,
                inputs.duration("CHAOS_INTERVAL"),
                clock.instant().plus(inputs.chaosDuration().orElseThrow()),
                () -> {
                    List<Pod> pods = cluster.targets().choosePods(targets, inputs);
                    context.log()
                            .info(
                                    "[Chaos]: Deleting " + pods.size() + " pod(s)",
                                    Map.of(
                                            "Pods",
                                            pods.stream()
                                                    .map(pod ->
                                                            pod.getMetadata().getName())
                                                    .toList()
                                                    .toString(),
                                            "Sequence",
                                            serial ? "serial" : "parallel"));
                    for (Pod pod : pods) {
                        var resource = cluster.client()
                                .pods()
                                .inNamespace(pod.getMetadata().getNamespace())
                                .withName(pod.getMetadata().getName());
                        if (grace != null) {
                            resource.withGracePeriod(grace).delete();
                        } else {
                            resource.delete();
                        }
                        if (serial) {
                            awaitGone(pod);
                        }
                    }
                });
        return planned;
    }

    @Override
    public void revert(State state, FaultContext context) throws Exception {
        rounds.stop(context.faultId());
    }

    private void awaitGone(Pod pod) throws InterruptedException {
        long deadline = System.nanoTime() + cluster.helperStartTimeout().toNanos();
        while (System.nanoTime() < deadline
                && cluster.client()
                                .pods()
                                .inNamespace(pod.getMetadata().getNamespace())
                                .withName(pod.getMetadata().getName())
                                .get()
                        != null) {
            Thread.sleep(cluster.poll());
        }
    }

    private static Long gracePeriod(FaultInputs inputs) {
        if ("true".equals(inputs.string("FORCE"))) {
            return 0L;
        }
        return inputs.optionalInteger("gracePeriodSeconds").orElse(null);
    }
}
