package io.chaosplane.agent.k8s.fault;

import io.chaosplane.agent.fault.Fault;
import io.chaosplane.agent.fault.FaultContext;
import io.chaosplane.agent.k8s.target.TargetException;
import io.chaosplane.protocol.catalog.FaultInputs;
import io.chaosplane.protocol.k8s.Targets;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code node-cpu-hog}, {@code node-memory-hog} and {@code node-io-stress}: stress-ng in a privileged helper pod on
 * each target node (outside any pod's limits, as LitmusChaos runs it), with each value one argument of its command
 * and its own {@code --timeout}, so that it ends by itself at the chaos duration even if the runner never comes
 * back. {@code SEQUENCE=serial} gives the nodes an equal share of the duration each, one after the other. Revert
 * stops the turns and deletes the fault's helpers (by label, so those a crash kept out of the journal too).
 */
public final class NodeStressFault implements KubernetesFault<NodeStressFault.State> {

    /** The nodes chosen at plan time and their helpers' names, in the same order. */
    public record State(List<String> nodes, List<String> helpers) {}

    private static final BigDecimal MEBIBYTE = BigDecimal.valueOf(1024 * 1024);

    private final String name;
    private final Cluster cluster;
    private final HelperPods helpers;
    private final Rounds rounds;
    private final Clock clock;
    private final Duration gracePeriod;
    private final Targets targets;

    public NodeStressFault(String name, Cluster cluster, Clock clock, Duration gracePeriod) {
        this(name, cluster, new Rounds(clock), clock, gracePeriod, null);
    }

    private NodeStressFault(
            String name, Cluster cluster, Rounds rounds, Clock clock, Duration gracePeriod, Targets targets) {
        this.name = name;
        this.cluster = cluster;
        this.helpers = new HelperPods(cluster);
        this.rounds = rounds;
        this.clock = clock;
        this.gracePeriod = gracePeriod;
        this.targets = targets;
    }

    @Override
    public Fault<State> aimedAt(Targets targets) {
        return new NodeStressFault(name, cluster, rounds, clock, gracePeriod, targets);
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
        List<String> nodes = cluster.targets().chooseNodes(targets, inputs);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            // fails the plan, before any helper starts, when a node cannot take the memory asked for
            command(name, inputs, node(nodes.get(i)), Duration.ofSeconds(1));
            names.add("chaosplane-" + context.faultId() + "-" + i);
        }
        return new State(nodes, names);
    }

    @Override
    public State inject(FaultInputs inputs, State planned, FaultContext context) throws Exception {
        Duration duration = inputs.chaosDuration().orElseThrow();
        int count = planned.nodes().size();
        if ("serial".equals(inputs.string("SEQUENCE")) && count > 1) {
            Duration turn = Duration.ofSeconds(Math.max(1, duration.toSeconds() / count));
            AtomicInteger next = new AtomicInteger();
            // a turn of slack, so that late turns on a busy runner do not cost the last node its turn; turns past the
            // last node do nothing
            rounds.start(context, turn, clock.instant().plus(duration).plus(turn), () -> {
                int index = next.getAndIncrement();
                if (index >= count) {
                    return;
                }
                if (index > 0) {
                    cluster.client()
                            .pods()
                            .inNamespace(cluster.namespace())
                            .withName(planned.helpers().get(index - 1))
                            .delete();
                }
                start(inputs, planned, index, turn, context);
                helpers.awaitStarted(planned.helpers().get(index));
            });
            return planned;
        }
        for (int i = 0; i < count; i++) {
            start(inputs, planned, i, duration, context);
        }
        for (String helper : planned.helpers()) {
            helpers.awaitStarted(helper);
        }
        return planned;
    }

    @Override
    public void revert(State state, FaultContext context) throws Exception {
        rounds.stop(context.faultId());
        helpers.deleteAll(context.faultId(), state.helpers());
    }

    private void start(FaultInputs inputs, State planned, int index, Duration length, FaultContext context)
            throws Exception {
        String node = planned.nodes().get(index);
        List<String> command = command(name, inputs, node(node), length);
        context.log()
                .info(
                        "[Chaos]: Stressing a node from a helper pod",
                        Map.of(
                                "Node",
                                node,
                                "Helper",
                                planned.helpers().get(index),
                                "Command",
                                String.join(" ", command)));
        helpers.create(helpers.nodeManifest(
                planned.helpers().get(index), context.faultId(), node, command, Map.of(), length.plus(gracePeriod)));
    }

    private Node node(String name) throws TargetException {
        Node node = cluster.client().nodes().withName(name).get();
        if (node == null) {
            throw new TargetException("node " + name + " does not exist");
        }
        return node;
    }

    /** stress-ng's argument vector for the fault: numbers the catalogue bounded, each one argument; no shell. */
    static List<String> command(String fault, FaultInputs inputs, Node node, Duration length) throws TargetException {
        List<String> command = new ArrayList<>(List.of("stress-ng"));
        switch (fault) {
            case "node-cpu-hog" -> {
                command.addAll(List.of("--cpu", Long.toString(inputs.integer("NODE_CPU_CORE"))));
                command.addAll(List.of("--cpu-load", Long.toString(Math.round(inputs.percentage("CPU_LOAD")))));
            }
            case "node-memory-hog" -> {
                command.addAll(List.of("--vm", Long.toString(inputs.integer("NUMBER_OF_WORKERS"))));
                command.addAll(List.of("--vm-bytes", memoryMebibytes(inputs, node) + "M"));
            }
            case "node-io-stress" -> {
                if (inputs.integer("CPU") > 0) {
                    command.addAll(List.of("--cpu", Long.toString(inputs.integer("CPU"))));
                }
                if (inputs.integer("VM_WORKERS") > 0) {
                    command.addAll(List.of("--vm", Long.toString(inputs.integer("VM_WORKERS"))));
                }
                String workers = Long.toString(inputs.integer("NUMBER_OF_WORKERS"));
                command.addAll(List.of("--io", workers, "--hdd", workers, "--hdd-bytes", hddBytes(inputs)));
                command.addAll(List.of("--temp-path", "/tmp"));
            }
            default -> throw new IllegalArgumentException("not a node stress fault: " + fault);
        }
        command.addAll(List.of("--timeout", Math.max(1, length.toSeconds()) + "s"));
        return command;
    }

    /**
     * What node-memory-hog holds: MEMORY_CONSUMPTION_PERCENTAGE of the node's capacity (it wins when both are given,
     * as in LitmusChaos), else MEMORY_CONSUMPTION_MEBIBYTES, else 30% of the capacity; never more than the node can
     * allocate.
     */
    static long memoryMebibytes(FaultInputs inputs, Node node) throws TargetException {
        String nodeName = node.getMetadata().getName();
        Optional<BigDecimal> capacity = memory(node, true);
        Optional<BigDecimal> allocatable = memory(node, false);
        long mebibytes;
        if (inputs.has("MEMORY_CONSUMPTION_PERCENTAGE") || !inputs.has("MEMORY_CONSUMPTION_MEBIBYTES")) {
            double percent = inputs.has("MEMORY_CONSUMPTION_PERCENTAGE")
                    ? inputs.percentage("MEMORY_CONSUMPTION_PERCENTAGE")
                    : 30;
            BigDecimal whole = capacity.orElseThrow(() -> new TargetException(
                    "node " + nodeName + " reports no memory capacity; give MEMORY_CONSUMPTION_MEBIBYTES"));
            mebibytes = whole.multiply(BigDecimal.valueOf(percent))
                    .divide(BigDecimal.valueOf(100).multiply(MEBIBYTE), java.math.RoundingMode.DOWN)
                    .longValue();
        } else {
            mebibytes = inputs.integer("MEMORY_CONSUMPTION_MEBIBYTES");
        }
        if (allocatable.isPresent()
                && BigDecimal.valueOf(mebibytes).multiply(MEBIBYTE).compareTo(allocatable.get()) > 0) {
            throw new TargetException("node " + nodeName + " can allocate "
                    + allocatable.get().divide(MEBIBYTE, java.math.RoundingMode.DOWN) + " MiB, less than the "
                    + mebibytes + " MiB asked for");
        }
        return Math.max(1, mebibytes);
    }

    private static Optional<BigDecimal> memory(Node node, boolean capacity) {
        if (node.getStatus() == null) {
            return Optional.empty();
        }
        Map<String, Quantity> amounts =
                capacity ? node.getStatus().getCapacity() : node.getStatus().getAllocatable();
        return Optional.ofNullable(amounts).map(found -> found.get("memory")).map(Quantity::getAmountInBytes);
    }

    /** FILESYSTEM_UTILIZATION_PERCENTAGE (it wins when both are given), else _BYTES in gigabytes, else 10%. */
    private static String hddBytes(FaultInputs inputs) {
        if (inputs.has("FILESYSTEM_UTILIZATION_PERCENTAGE")) {
            return Math.round(inputs.percentage("FILESYSTEM_UTILIZATION_PERCENTAGE")) + "%";
        }
        if (inputs.has("FILESYSTEM_UTILIZATION_BYTES")) {
            return inputs.integer("FILESYSTEM_UTILIZATION_BYTES") + "G";
        }
        return "10%";
    }
}
