package io.chaosplane.agent.k8s.fault;

import io.chaosplane.agent.fault.Fault;
import io.chaosplane.agent.fault.FaultContext;
import io.chaosplane.agent.k8s.target.TargetException;
import io.chaosplane.agent.k8s.target.TargetResolver;
import io.chaosplane.protocol.catalog.FaultInputs;
import io.chaosplane.protocol.k8s.Targets;
import io.fabric8.kubernetes.api.model.Pod;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The faults a helper pod does in a target pod's network namespace, one helper per target pod on the pod's node.
 * {@code pod-network-latency}, {@code -loss}, {@code -corruption} and {@code -duplication} put a netem qdisc on its
 * interface (for DESTINATION_IPS and DESTINATION_HOSTS only, through a prio qdisc and u32 filters, when given); the
 * other faults bring their own {@link HelperRecipe} (partition, DNS, HTTP). The helper takes its change away when it
 * ends: at the chaos duration, when revert deletes it, or when its own deadline passes.
 */
public final class NetworkFault implements KubernetesFault<NetworkFault.State> {

    /** The helpers planned, one per target pod, and the pods they shape. */
    public record State(List<String> helpers, List<String> pods) {}

    private final String name;
    private final Cluster cluster;
    private final HelperPods helpers;
    private final Duration gracePeriod;
    private final HelperRecipe recipe;
    private final Targets targets;

    /** A netem fault. */
    public NetworkFault(String name, Cluster cluster, Duration gracePeriod) {
        this(name, cluster, gracePeriod, new Netem(name), null);
    }

    NetworkFault(String name, Cluster cluster, Duration gracePeriod, HelperRecipe recipe) {
        this(name, cluster, gracePeriod, recipe, null);
    }

    private NetworkFault(String name, Cluster cluster, Duration gracePeriod, HelperRecipe recipe, Targets targets) {
        this.name = name;
        this.cluster = cluster;
        this.helpers = new HelperPods(cluster);
        this.gracePeriod = gracePeriod;
        this.recipe = recipe;
        this.targets = targets;
    }

    @Override
    public Fault<State> aimedAt(Targets targets) {
        return new NetworkFault(name, cluster, gracePeriod, recipe, targets);
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
        HelperPods.socketPath(inputs);
        recipe.check(inputs);
        List<Pod> pods = cluster.targets().choosePods(targets, inputs);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < pods.size(); i++) {
            names.add("chaosplane-" + context.faultId() + "-" + i);
        }
        return new State(
                names,
                pods.stream()
                        .map(pod -> pod.getMetadata().getNamespace() + "/"
                                + pod.getMetadata().getName())
                        .toList());
    }

    @Override
    public State inject(FaultInputs inputs, State planned, FaultContext context) throws Exception {
        Duration duration = inputs.chaosDuration().orElseThrow();
        List<String> command = new ArrayList<>(List.of("/bin/sh", "-c", recipe.script(), recipe.name()));
        command.addAll(recipe.arguments(inputs));
        for (int i = 0; i < planned.pods().size(); i++) {
            String[] target = planned.pods().get(i).split("/", 2);
            Pod pod = cluster.client()
                    .pods()
                    .inNamespace(target[0])
                    .withName(target[1])
                    .get();
            if (pod == null) {
                throw new TargetException("pod " + planned.pods().get(i) + " is gone");
            }
            String container = TargetResolver.container(pod, inputs);
            context.log()
                    .info(
                            "[Chaos]: Starting a helper in a pod's network namespace, on its node",
                            Map.of(
                                    "Pod",
                                    pod.getMetadata().getName(),
                                    "Node",
                                    String.valueOf(pod.getSpec().getNodeName()),
                                    "Helper",
                                    planned.helpers().get(i)));
            helpers.create(helpers.manifest(
                    planned.helpers().get(i),
                    context.faultId(),
                    pod.getSpec().getNodeName(),
                    HelperPods.socketPath(inputs),
                    command,
                    recipe.environment(
                            new HelperRecipe.Target(context.faultId(), Containers.id(pod, container)),
                            inputs,
                            duration),
                    duration.plus(gracePeriod)));
        }
        for (String helper : planned.helpers()) {
            helpers.awaitStarted(helper);
        }
        return planned;
    }

    @Override
    public void revert(State state, FaultContext context) throws Exception {
        helpers.deleteAll(context.faultId(), state.helpers());
    }

    /**
     * The helper's script, the same for every fault: find the container's process, shape its namespace, undo on TERM
     * or at the end. Every value comes from the environment, quoted, or split into words with globbing off
     * ({@code NETEM}, {@code DESTINATION_IPS}), so no input is ever read as shell code.
     */
    static final String SCRIPT = """
            set -ef
            if [ "$RUNTIME" = docker ]; then
              pid=$(docker -H "unix://$SOCKET_PATH" inspect --format '{{.State.Pid}}' "$CONTAINER_ID")
            else
              pid=$(crictl -r "unix://$SOCKET_PATH" inspect --output go-template --template '{{.info.pid}}' \
                "$CONTAINER_ID")
            fi
            undo() { nsenter -t "$pid" -n tc qdisc del dev "$DEVICE" root 2>/dev/null || true; }
            trap 'undo; exit 0' TERM INT
            if [ -z "$DESTINATION_IPS" ]; then
              nsenter -t "$pid" -n tc qdisc replace dev "$DEVICE" root $NETEM
            else
              nsenter -t "$pid" -n tc qdisc replace dev "$DEVICE" root handle 1: prio
              nsenter -t "$pid" -n tc qdisc replace dev "$DEVICE" parent 1:3 $NETEM
              for ip in $DESTINATION_IPS; do
                nsenter -t "$pid" -n tc filter add dev "$DEVICE" protocol ip parent 1:0 prio 3 u32 \
                  match ip dst "$ip" flowid 1:3
              done
            fi
            echo injected
            sleep "$DURATION_SECONDS" & wait $!
            undo
            """;

    /** What {@link #SCRIPT} reads: the fault's values, each in a variable of its own. */
    static Map<String, String> environment(String fault, FaultInputs inputs, String containerId, Duration duration)
            throws HelperPods.HelperException, java.net.UnknownHostException {
        String netem = switch (fault) {
            case "pod-network-latency" ->
                "netem delay " + inputs.integer("NETWORK_LATENCY") + "ms " + inputs.integer("JITTER") + "ms";
            case "pod-network-corruption" ->
                "netem corrupt " + percent(inputs.percentage("NETWORK_PACKET_CORRUPTION_PERCENTAGE"));
            case "pod-network-duplication" ->
                "netem duplicate " + percent(inputs.percentage("NETWORK_PACKET_DUPLICATION_PERCENTAGE"));
            default -> "netem loss " + percent(inputs.percentage("NETWORK_PACKET_LOSS_PERCENTAGE"));
        };
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("RUNTIME", inputs.string("CONTAINER_RUNTIME"));
        environment.put("SOCKET_PATH", HelperPods.socketPath(inputs));
        environment.put("CONTAINER_ID", containerId);
        environment.put("DEVICE", inputs.string("NETWORK_INTERFACE"));
        environment.put("NETEM", netem);
        environment.put("DESTINATION_IPS", String.join(" ", Destinations.of(inputs)));
        environment.put("DURATION_SECONDS", Long.toString(duration.toSeconds()));
        return environment;
    }

    private static String percent(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString() + "%";
    }

    /** The netem faults' recipe: {@link #SCRIPT} with the fault's qdisc. */
    private record Netem(String fault) implements HelperRecipe {

        @Override
        public String script() {
            return SCRIPT;
        }

        @Override
        public String name() {
            return "chaosplane-network-helper";
        }

        @Override
        public Map<String, String> environment(Target target, FaultInputs inputs, Duration duration) throws Exception {
            return NetworkFault.environment(fault, inputs, target.containerId(), duration);
        }
    }
}
