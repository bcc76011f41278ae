package io.chaosplane.agent.k8s.fault;

import io.chaosplane.agent.fault.Fault;
import io.chaosplane.agent.fault.FaultContext;
import io.chaosplane.agent.k8s.target.TargetResolver;
import io.chaosplane.protocol.catalog.FaultInputs;
import io.chaosplane.protocol.k8s.Targets;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code container-kill}: every CHAOS_INTERVAL, stops the target container of PODS_AFFECTED_PERC of the target pods
 * through the node's container runtime, from a helper pod on that node ({@code crictl stop}, or {@code docker kill});
 * the kubelet restarts the container. Revert stops the rounds and removes the helpers.
 */
public final class ContainerKillFault implements KubernetesFault<ContainerKillFault.State> {

    public record State(List<String> helpers) {}

    private final Cluster cluster;
    private final HelperPods helpers;
    private final Rounds rounds;
    private final Clock clock;
    private final Targets targets;

    public ContainerKillFault(Cluster cluster, Clock clock) {
        this(cluster, new Rounds(clock), clock, null);
    }

    private ContainerKillFault(Cluster cluster, Rounds rounds, Clock clock, Targets targets) {
        this.cluster = cluster;
        this.helpers = new HelperPods(cluster);
        this.rounds = rounds;
        this.clock = clock;
        this.targets = targets;
    }

    @Override
    public Fault<State> aimedAt(Targets targets) {
        return new ContainerKillFault(cluster, rounds, clock, targets);
    }

    @Override
    public String name() {
        return "container-kill";
    }

    @Override
    public Class<State> stateType() {
        return State.class;
    }

    @Override
    public State plan(FaultInputs inputs, FaultContext context) throws Exception {
        HelperPods.socketPath(inputs);
        cluster.targets().choosePods(targets, inputs);
        return new State(List.of());
    }

    @Override
    public State inject(FaultInputs inputs, State planned, FaultContext context) throws Exception {
        AtomicInteger round = new AtomicInteger();
        Instant ends = clock.instant().plus(inputs.chaosDuration().orElseThrow());
        rounds.start(context, inputs.duration("CHAOS_INTERVAL"), ends, () -> {
            int number = round.incrementAndGet();
            List<Pod> pods = cluster.targets().choosePods(targets, inputs);
            for (int i = 0; i < pods.size(); i++) {
                Pod pod = pods.get(i);
                String container = TargetResolver.container(pod, inputs);
                String helper = "chaosplane-" + context.faultId() + "-" + number + "-" + i;
                context.log()
                        .info(
                                "[Chaos]: Stopping a container",
                                Map.of(
                                        "Pod",
                                        pod.getMetadata().getName(),
                                        "Container",
                                        container,
                                        "Node",
                                        String.valueOf(pod.getSpec().getNodeName())));
                helpers.create(helpers.manifest(
                        helper,
                        context.faultId(),
                        pod.getSpec().getNodeName(),
                        HelperPods.socketPath(inputs),
                        command(inputs, Containers.id(pod, container)),
                        Map.of(),
                        Duration.ofMinutes(2)));
                helpers.awaitSucceeded(helper);
                cluster.client()
                        .pods()
                        .inNamespace(cluster.namespace())
                        .withName(helper)
                        .delete();
            }
        });
        return planned;
    }

    @Override
    public void revert(State state, FaultContext context) throws Exception {
        rounds.stop(context.faultId());
        helpers.deleteAll(context.faultId(), state.helpers());
    }

    /** The runtime's own command, each value one argument: no shell runs in this helper. */
    static List<String> command(FaultInputs inputs, String containerId) throws HelperPods.HelperException {
        String socket = "unix://" + HelperPods.socketPath(inputs);
        String signal = inputs.string("SIGNAL");
        return switch (inputs.string("CONTAINER_RUNTIME")) {
            case "docker" -> List.of("docker", "-H", socket, "kill", "--signal", signal, containerId);
            default ->
                List.of(
                        "crictl",
                        "-r",
                        socket,
                        "stop",
                        "--timeout",
                        "SIGKILL".equals(signal) ? "0" : "30",
                        containerId);
        };
    }
}
