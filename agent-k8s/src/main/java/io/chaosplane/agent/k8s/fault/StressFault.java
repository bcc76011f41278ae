package io.chaosplane.agent.k8s.fault;

import io.chaosplane.agent.fault.Fault;
import io.chaosplane.agent.fault.FaultContext;
import io.chaosplane.agent.k8s.target.TargetException;
import io.chaosplane.agent.k8s.target.TargetResolver;
import io.chaosplane.protocol.catalog.ContainerPaths;
import io.chaosplane.protocol.catalog.FaultInputs;
import io.chaosplane.protocol.k8s.Targets;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code pod-cpu-hog}, {@code pod-memory-hog}, {@code pod-io-stress} and {@code disk-fill}: stress started by exec
 * inside the target containers, as shell processes whose ids go to a marker file named after the fault. Revert kills
 * them by that file and removes the files they wrote (named after the fault too, recorded in the state). Each container
 * also gets a watcher that does the same at the fault's deadline, so that they end even if the runner never comes back.
 */
public final class StressFault implements KubernetesFault<StressFault.State> {

    static final Duration EXEC_TIMEOUT = Duration.ofSeconds(30);

    /**
     * One target container.
     *
     * @param mebibytes what disk-fill writes into it (0 for the other faults)
     */
    public record Target(String namespace, String pod, String container, long mebibytes) {}

    /**
     * The containers planned; their processes are found by the fault's marker file.
     *
     * @param data the path, less a suffix, of the files the processes write ({@code null}: next to the marker)
     */
    public record State(List<Target> targets, String data) {}

    private final String name;
    private final Cluster cluster;
    private final Clock clock;
    private final Targets targets;

    public StressFault(String name, Cluster cluster, Clock clock) {
        this(name, cluster, clock, null);
    }

    private StressFault(String name, Cluster cluster, Clock clock, Targets targets) {
        this.name = name;
        this.cluster = cluster;
        this.clock = clock;
        this.targets = targets;
    }

    @Override
    public Fault<State> aimedAt(Targets targets) {
        return new StressFault(name, cluster, clock, targets);
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
        List<Target> chosen = new ArrayList<>();
        for (Pod pod : cluster.targets().choosePods(targets, inputs)) {
            String container = TargetResolver.container(pod, inputs);
            chosen.add(new Target(
                    pod.getMetadata().getNamespace(),
                    pod.getMetadata().getName(),
                    container,
                    name.equals("disk-fill") ? fillMebibytes(pod, container, inputs) : 0));
        }
        return new State(chosen, data(inputs, context));
    }

    @Override
    public State inject(FaultInputs inputs, State planned, FaultContext context) throws Exception {
        long untilDeadline = Math.max(
                1, Duration.between(clock.instant(), context.deadline()).toSeconds());
        for (Target target : planned.targets()) {
            String script = startScript(
                    marker(context),
                    data(planned, context),
                    prelude(name, inputs),
                    stressCommand(name, inputs, target),
                    workers(inputs),
                    untilDeadline);
            context.log()
                    .info(
                            "[Chaos]: Starting the stress in a container",
                            Map.of(
                                    "Pod",
                                    target.pod(),
                                    "Container",
                                    target.container(),
                                    "Processes",
                                    Integer.toString(workers(inputs))));
            Exec.run(cluster.client(), target.namespace(), target.pod(), target.container(), script, EXEC_TIMEOUT);
        }
        return planned;
    }

    @Override
    public void revert(State state, FaultContext context) throws Exception {
        String script = stopScript(marker(context), data(state, context));
        for (Target target : state.targets()) {
            try {
                Exec.run(cluster.client(), target.namespace(), target.pod(), target.container(), script, EXEC_TIMEOUT);
            } catch (IOException | KubernetesClientException e) {
                if (cluster.client()
                                .pods()
                                .inNamespace(target.namespace())
                                .withName(target.pod())
                                .get()
                        != null) {
                    throw e;
                }
                // the pod is gone, and its processes with it
            }
        }
    }

    static String marker(FaultContext context) {
        return "/tmp/chaosplane-stress-" + context.faultId();
    }

    /**
     * Where pod-io-stress writes: VOLUME_MOUNT_PATH, if it is a well-formed path (it becomes part of a script; the
     * control plane refuses any other, and so does the runner, as a control plane of another version may have let it
     * through). The other faults write next to their marker.
     */
    private String data(FaultInputs inputs, FaultContext context) throws TargetException {
        if (!name.equals("pod-io-stress")) {
            return marker(context);
        }
        String directory = inputs.string("VOLUME_MOUNT_PATH");
        if (!ContainerPaths.wellFormed(directory)) {
            throw new TargetException("VOLUME_MOUNT_PATH is not a well-formed directory (absolute, plain segments);"
                    + " nothing was started");
        }
        return directory.replaceFirst("/$", "") + "/chaosplane-io-" + context.faultId();
    }

    private static String data(State state, FaultContext context) {
        return state.data() == null ? marker(context) : state.data();
    }

    /**
     * What disk-fill writes into a container: FILL_PERCENTAGE of its ephemeral-storage limit, or
     * EPHEMERAL_STORAGE_MEBIBYTES when given (LitmusChaos' order).
     */
    static long fillMebibytes(Pod pod, String container, FaultInputs inputs) throws TargetException {
        var given = inputs.optionalInteger("EPHEMERAL_STORAGE_MEBIBYTES");
        if (given.isPresent()) {
            return given.get();
        }
        Quantity limit = pod.getSpec().getContainers().stream()
                .filter(candidate -> candidate.getName().equals(container))
                .findFirst()
                .map(Container::getResources)
                .map(resources -> resources.getLimits() == null
                        ? null
                        : resources.getLimits().get("ephemeral-storage"))
                .orElse(null);
        if (limit == null) {
            throw new TargetException(
                    "container " + container + " of pod " + pod.getMetadata().getName()
                            + " has no ephemeral-storage limit: give EPHEMERAL_STORAGE_MEBIBYTES");
        }
        BigDecimal bytes = Quantity.getAmountInBytes(limit)
                .multiply(BigDecimal.valueOf(inputs.percentage("FILL_PERCENTAGE")))
                .divide(BigDecimal.valueOf(100L * 1024 * 1024), 0, RoundingMode.CEILING);
        return Math.max(1, bytes.longValueExact());
    }

    private int workers(FaultInputs inputs) {
        return switch (name) {
            case "pod-cpu-hog" -> (int) inputs.integer("CPU_CORES");
            case "disk-fill" -> 1;
            default -> (int) inputs.integer("NUMBER_OF_WORKERS");
        };
    }

    /**
     * pod-io-stress's share of the disk per worker, in MiB, as {@code $S}: FILESYSTEM_UTILIZATION_BYTES (GB) given, or
     * FILESYSTEM_UTILIZATION_PERCENTAGE of the space {@code df} says is free there.
     */
    static String prelude(String name, FaultInputs inputs) {
        if (!name.equals("pod-io-stress")) {
            return "";
        }
        long workers = inputs.integer("NUMBER_OF_WORKERS");
        var gigabytes = inputs.optionalInteger("FILESYSTEM_UTILIZATION_BYTES");
        String share = gigabytes.isPresent()
                ? "S=" + Math.max(1, gigabytes.get() * 1024 / workers) + "\n"
                : "S=$(( $(df -Pk \"${D%/*}\" | awk 'NR==2 {print $4}') * "
                        + Math.round(inputs.percentage("FILESYSTEM_UTILIZATION_PERCENTAGE")) + " / 100 / 1024 / "
                        + workers + " ))\n";
        return share + "[ \"$S\" -ge 1 ] || S=1\n";
    }

    /**
     * One stress process: a busy loop (below 100% CPU_LOAD busy and idle by turns each second), dd holding memory, a
     * loop writing, syncing and deleting a file of the worker's share, or dd writing the fill.
     */
    static String stressCommand(String name, FaultInputs inputs, Target target) {
        if (name.equals("pod-memory-hog")) {
            return "dd if=/dev/zero of=/dev/null bs=" + inputs.integer("MEMORY_CONSUMPTION") + "M";
        }
        if (name.equals("pod-io-stress")) {
            return "( while :; do dd if=/dev/zero of=$D.$i bs=1M count=$S conv=fsync; rm -f $D.$i; done )";
        }
        if (name.equals("disk-fill")) {
            long block = inputs.integer("DATA_BLOCK_SIZE");
            long blocks = (target.mebibytes() * 1024 + block - 1) / block;
            return "dd if=/dev/zero of=$D.fill bs=" + block + "k count=" + blocks;
        }
        long load = Math.round(inputs.percentage("CPU_LOAD"));
        if (load >= 100) {
            return "sh -c 'while :; do :; done'";
        }
        String busy = String.format(java.util.Locale.ROOT, "%.2f", load / 100.0);
        String idle = String.format(java.util.Locale.ROOT, "%.2f", 1 - load / 100.0);
        return "sh -c 'while :; do timeout " + busy + " sh -c \"while :; do :; done\"; sleep " + idle + "; done'";
    }

    /**
     * Starts the processes, records their ids, and arms the watcher that stops them and removes their files at the
     * deadline. {@code data} is where their files go ({@code $D.<suffix>}), {@code prelude} sets what they share.
     */
    static String startScript(
            String marker, String data, String prelude, String command, int processes, long untilDeadlineSeconds) {
        return "M=" + marker + "\n"
                + "D=" + data + "\n"
                + "[ -f $M ] && exit 0\n"
                + prelude
                + "for i in $(seq " + processes + "); do " + command + " >/dev/null 2>&1 & echo $! >> $M; done\n"
                + "( sleep " + untilDeadlineSeconds
                + "; kill $(cat $M) 2>/dev/null; rm -f $M $M.w $D.* ) >/dev/null 2>&1 &\n"
                + "echo $! > $M.w\n"
                + "echo started\n";
    }

    /**
     * Kills the processes and the watcher, removes their files; succeeds when there is nothing left to kill. A dd that
     * a killed writer had just started may open its file after the first removal, hence the second one.
     */
    static String stopScript(String marker, String data) {
        return "M=" + marker + "\n"
                + "D=" + data + "\n"
                + "[ -f $M ] && kill $(cat $M) 2>/dev/null\n"
                + "[ -f $M.w ] && kill $(cat $M.w) 2>/dev/null\n"
                + "rm -f $M $M.w $D.*\n"
                + "if [ \"$D\" != \"$M\" ]; then sleep 1; rm -f $D.*; fi\n"
                + "echo reverted\n";
    }
}
