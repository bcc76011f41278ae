package io.chaosplane.protocol.catalog;

import static io.chaosplane.protocol.catalog.InputDefinition.duration;
import static io.chaosplane.protocol.catalog.InputDefinition.integer;
import static io.chaosplane.protocol.catalog.InputDefinition.list;
import static io.chaosplane.protocol.catalog.InputDefinition.oneOf;
import static io.chaosplane.protocol.catalog.InputDefinition.percentage;
import static io.chaosplane.protocol.catalog.InputDefinition.string;

import java.util.ArrayList;
import java.util.List;

/**
 * The faults of Kubernetes chaos infrastructures, with LitmusChaos' env-style tunables as seed 001's
 * {@code KubernetesChaosExperiment} carries them. The targets themselves come from the task's
 * {@code targets.selectors.workloads}; {@code TARGET_PODS}, {@code NODE_LABEL} and the affected percentage narrow
 * them. Tunables the seed sends for another runner's design ({@code CONTAINER_RUNTIME}, {@code SOCKET_PATH}) are
 * accepted, the socket path only when it is a well-formed one ({@link SocketPaths}). {@code LIB_IMAGE} is accepted
 * because seed manifests carry it, but only as an image reference, and the runner ignores it: its helper pods are
 * privileged, so their image is the runner's configuration, never an experiment's.
 */
final class KubernetesFaults {

    static final String TOTAL_CHAOS_DURATION = "TOTAL_CHAOS_DURATION";
    /** An image reference: registry, path, tag or digest; nothing a shell would read as more than a word. */
    private static final String IMAGE = "[A-Za-z0-9][A-Za-z0-9._/:@+-]{0,254}";

    private static final String LABEL = "[A-Za-z0-9._/-]+=[A-Za-z0-9._-]*";
    private static final String NAME = "[a-z0-9]([-a-z0-9.]*[a-z0-9])?";

    /** Faults run from a privileged helper pod on the target's node, in the runner's namespace. */
    private static final Permissions HELPER_POD = Permissions.kubernetes("list pods", "create pods", "delete pods");

    /** Node faults run from a privileged helper pod on the node (stress-ng, nsenter: the helper image has them). */
    private static final Permissions NODE_HELPER_POD =
            Permissions.kubernetes("list nodes", "list pods", "create pods", "delete pods");

    private KubernetesFaults() {}

    static List<FaultDefinition> all() {
        return List.of(
                pods(
                        "pod-delete",
                        Permissions.kubernetes("list pods", "delete pods"),
                        "Deletes target pods every CHAOS_INTERVAL for the chaos duration; their controllers"
                                + " recreate them.",
                        List.of(interval(), force())),
                pods(
                        "pod-kill",
                        Permissions.kubernetes("list pods", "delete pods"),
                        "Seed 000's name for pod-delete: kills target pods with a grace period of"
                                + " gracePeriodSeconds (0 kills at once).",
                        List.of(
                                interval(),
                                force(),
                                integer("gracePeriodSeconds", "Grace period of each deletion; FORCE=true means 0")
                                        .withRange("0", "3600"))),
                pods(
                        "container-kill",
                        HELPER_POD,
                        "Stops a container of the target pods through the container runtime, from a"
                                + " helper pod on the pod's node; the kubelet restarts it.",
                        with(
                                List.of(
                                        interval(),
                                        oneOf("SIGNAL", "Signal the runtime sends the container", "SIGKILL", "SIGTERM")
                                                .withDefault("SIGKILL")),
                                runtime())),
                pods(
                        "pod-cpu-hog",
                        Permissions.kubernetes("list pods", "create pods/exec"),
                        "Keeps CPU cores busy inside the target container (a shell loop per core, run by"
                                + " exec and stopped at revert).",
                        with(
                                List.of(
                                        integer("CPU_CORES", "Cores kept busy in each target container")
                                                .withDefault("1")
                                                .withRange("1", "64"),
                                        percentage("CPU_LOAD", "Share of each core kept busy")
                                                .withDefault("100")
                                                .withRange("1", "100")),
                                runtime())),
                pods(
                        "pod-memory-hog",
                        Permissions.kubernetes("list pods", "create pods/exec"),
                        "Allocates and holds memory inside the target container (dd with a block of"
                                + " that size, run by exec and stopped at revert).",
                        with(
                                List.of(
                                        integer("MEMORY_CONSUMPTION", "Memory held in each target container")
                                                .withDefault("500")
                                                .withRange("1", "65536")
                                                .withUnit("Mi"),
                                        integer("NUMBER_OF_WORKERS", "Processes holding that memory each")
                                                .withDefault("1")
                                                .withRange("1", "16")),
                                runtime())),
                pods(
                        "pod-network-latency",
                        HELPER_POD,
                        "Delays the target pods' outgoing packets with netem, from a privileged"
                                + " helper pod on their node that enters the pod's network namespace.",
                        with(
                                List.of(
                                        integer("NETWORK_LATENCY", "Delay added to each packet")
                                                .withDefault("2000")
                                                .withRange("1", "60000")
                                                .withUnit("ms"),
                                        integer("JITTER", "Random variation of the delay")
                                                .withDefault("0")
                                                .withRange("0", "60000")
                                                .withUnit("ms")),
                                network())),
                pods(
                        "pod-network-loss",
                        HELPER_POD,
                        "Drops a share of the target pods' outgoing packets with netem, from a"
                                + " privileged helper pod on their node.",
                        with(
                                List.of(percentage("NETWORK_PACKET_LOSS_PERCENTAGE", "Share of packets dropped")
                                        .withDefault("100")
                                        .withRange("0.01", "100")),
                                network())),
                new FaultDefinition(
                        "pod-autoscaler",
                        "Scales the target deployments or statefulsets to REPLICA_COUNT"
                                + " replicas for the chaos duration, then back to what they had.",
                        Platform.KUBERNETES,
                        "workload",
                        List.of(
                                integer("REPLICA_COUNT", "Replicas during the chaos")
                                        .asRequired()
                                        .withRange("0", "1000"),
                                chaosDuration(),
                                rampTime()),
                        List.of(),
                        Permissions.kubernetes("patch deployments", "patch statefulsets")),
                nodes(
                        "node-cordon",
                        Permissions.kubernetes("list nodes", "patch nodes"),
                        "Marks the target nodes unschedulable for the chaos duration, then schedulable" + " again."),
                nodes(
                        "node-drain",
                        Permissions.kubernetes("list nodes", "patch nodes", "create pods/eviction"),
                        "Cordons the target nodes and evicts their pods (not DaemonSet or mirror pods),"
                                + " then uncordons them."),
                chosenNodes(
                        "node-cpu-hog",
                        "stress",
                        NODE_HELPER_POD,
                        "Keeps CPU cores of the target nodes busy with stress-ng, from a privileged helper pod on"
                                + " each node; revert deletes the helpers.",
                        with(
                                List.of(
                                        integer("NODE_CPU_CORE", "Cores kept busy on each node; 0 means all of them")
                                                .withDefault("0")
                                                .withRange("0", "256"),
                                        percentage("CPU_LOAD", "Share of each core kept busy")
                                                .withDefault("100")
                                                .withRange("1", "100")),
                                nodeStress())),
                chosenNodes(
                        "node-memory-hog",
                        "stress",
                        NODE_HELPER_POD,
                        "Holds memory of the target nodes with stress-ng (a share of the node's capacity, or"
                                + " mebibytes), from a privileged helper pod on each node; revert deletes the"
                                + " helpers.",
                        with(
                                List.of(
                                        percentage(
                                                        "MEMORY_CONSUMPTION_PERCENTAGE",
                                                        "Share of the node's memory capacity held; 30 when neither"
                                                                + " this nor MEMORY_CONSUMPTION_MEBIBYTES is given,"
                                                                + " and it wins when both are")
                                                .withRange("1", "100"),
                                        integer("MEMORY_CONSUMPTION_MEBIBYTES", "Memory held on each node")
                                                .withRange("1", "4194304")
                                                .withUnit("Mi"),
                                        integer("NUMBER_OF_WORKERS", "stress-ng workers holding that memory")
                                                .withDefault("1")
                                                .withRange("1", "64")),
                                nodeStress())),
                chosenNodes(
                        "node-io-stress",
                        "stress",
                        NODE_HELPER_POD,
                        "Loads the disks of the target nodes with stress-ng's hdd and io workers (writing up to"
                                + " a share of the filesystem, or gigabytes), from a privileged helper pod on each"
                                + " node; revert deletes the helpers.",
                        with(
                                List.of(
                                        percentage(
                                                        "FILESYSTEM_UTILIZATION_PERCENTAGE",
                                                        "Share of the helper's filesystem the hdd workers write; 10"
                                                                + " when neither this nor"
                                                                + " FILESYSTEM_UTILIZATION_BYTES is given, and it wins"
                                                                + " when both are")
                                                .withRange("1", "100"),
                                        integer("FILESYSTEM_UTILIZATION_BYTES", "What the hdd workers write")
                                                .withRange("1", "1024")
                                                .withUnit("G"),
                                        integer("CPU", "CPU workers beside the I/O ones")
                                                .withDefault("1")
                                                .withRange("0", "64"),
                                        integer("NUMBER_OF_WORKERS", "io and hdd workers each")
                                                .withDefault("4")
                                                .withRange("1", "64"),
                                        integer("VM_WORKERS", "Memory workers beside the I/O ones")
                                                .withDefault("1")
                                                .withRange("0", "64")),
                                nodeStress())),
                chosenNodes(
                        "node-taint",
                        "node",
                        Permissions.kubernetes("list nodes", "patch nodes"),
                        "Adds the TAINTS to the target nodes (key=value:effect; NoExecute, the default effect, has"
                                + " Kubernetes evict the pods that do not tolerate it); revert removes exactly the"
                                + " taints it added.",
                        List.of(list(
                                        "TAINTS",
                                        InputType.STRING,
                                        "Taints as key[=value][:effect], comma-separated; value node-taint"
                                                + " and effect NoExecute when left out")
                                .asRequired()
                                .withPattern(TAINT))),
                chosenNodes(
                        "node-restart",
                        "node",
                        NODE_HELPER_POD.withCommands("systemctl"),
                        "Restarts the target node: with the runner's NODE_RESTART_COMMAND (run with the node's name"
                                + " and address as arguments) when it has one, else from a privileged helper pod"
                                + " that runs REBOOT_COMMAND in the host's namespaces (nsenter), once per boot.",
                        List.of(
                                oneOf(
                                                "REBOOT_COMMAND",
                                                "How the helper pod restarts the node (without"
                                                        + " NODE_RESTART_COMMAND)",
                                                "sudo systemctl reboot",
                                                "systemctl reboot",
                                                "systemctl reboot --force",
                                                "reboot",
                                                "reboot -f")
                                        .withDefault("systemctl reboot"),
                                libImage())),
                chosenNodes(
                        "kubelet-service-kill",
                        "node",
                        NODE_HELPER_POD.withCommands("systemctl", "systemd-run"),
                        "Stops the kubelet of the target nodes (systemctl, in the host's namespaces, from a"
                                + " privileged helper pod) for the chaos duration, after arming a systemd timer on"
                                + " the host that starts it again then; the helper starts it at revert too.",
                        List.of(libImage())));
    }

    /** A taint as LitmusChaos' TAINTS gives it: key (with an optional prefix), optional value, optional effect. */
    private static final String TAINT =
            "([a-z0-9]([-a-z0-9.]*[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?"
                    + "(=([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?)?(:(NoSchedule|PreferNoSchedule|NoExecute))?";

    /**
     * Node faults of LitmusChaos' node family: the nodes are TARGET_NODES (all of them), else NODES_AFFECTED_PERC of
     * those NODE_LABEL, node targets or the target pods' nodes give (0 means one node).
     */
    private static FaultDefinition chosenNodes(
            String name, String category, Permissions permissions, String description, List<InputDefinition> specific) {
        List<InputDefinition> inputs = new ArrayList<>(List.of(
                chaosDuration(),
                rampTime(),
                list("TARGET_NODES", InputType.STRING, "Node names, comma-separated")
                        .withPattern(NAME),
                targetNode(),
                string("NODE_LABEL", "Nodes with this label, key=value").withPattern(LABEL),
                percentage("NODES_AFFECTED_PERC", "Share of the matching nodes hit; 0 means one node")
                        .withDefault("0")));
        inputs.addAll(specific);
        return new FaultDefinition(name, description, Platform.KUBERNETES, category, inputs, List.of(), permissions);
    }

    private static List<InputDefinition> nodeStress() {
        return List.of(
                oneOf(
                                "SEQUENCE",
                                "All nodes at once, or one after the other (each for an equal share of the"
                                        + " chaos duration)",
                                "parallel",
                                "serial")
                        .withDefault("parallel"),
                libImage());
    }

    private static InputDefinition targetNode() {
        return string("TARGET_NODE", "LitmusChaos' single-node spelling of TARGET_NODES")
                .withPattern(NAME);
    }

    private static InputDefinition libImage() {
        return string(
                        "LIB_IMAGE",
                        "Ignored: the runner's helper pods use the image of its configuration (HELPER_IMAGE);"
                                + " accepted for seed manifests")
                .withPattern(IMAGE);
    }

    private static FaultDefinition pods(
            String name, Permissions permissions, String description, List<InputDefinition> specific) {
        List<InputDefinition> inputs = new ArrayList<>(List.of(
                chaosDuration(),
                rampTime(),
                percentage("PODS_AFFECTED_PERC", "Share of the target pods hit each time; 0 means one pod")
                        .withDefault("0"),
                percentage("POD_AFFECTED_PERCENTAGE", "The seed's spelling of PODS_AFFECTED_PERC"),
                list("TARGET_PODS", InputType.STRING, "Only these pods of the targets, comma-separated")
                        .withPattern(NAME),
                string("NODE_LABEL", "Only target pods on nodes with this label, key=value")
                        .withPattern(LABEL),
                oneOf("SEQUENCE", "Hit the chosen pods all at once or one after the other", "parallel", "serial")
                        .withDefault("parallel"),
                string("TARGET_CONTAINER", "The container of the target pods; their first one when not given")
                        .withPattern(NAME)));
        inputs.addAll(specific);
        return new FaultDefinition(name, description, Platform.KUBERNETES, "pod", inputs, List.of(), permissions);
    }

    /** Nodes named by TARGET_NODES, by NODE_LABEL, by {@code node} workloads, or those the target pods run on. */
    private static FaultDefinition nodes(String name, Permissions permissions, String description) {
        return new FaultDefinition(
                name,
                description,
                Platform.KUBERNETES,
                "node",
                List.of(
                        chaosDuration(),
                        rampTime(),
                        list("TARGET_NODES", InputType.STRING, "Node names, comma-separated")
                                .withPattern(NAME),
                        string("NODE_LABEL", "Nodes with this label, key=value").withPattern(LABEL)),
                List.of(),
                permissions);
    }

    private static List<InputDefinition> with(List<InputDefinition> first, List<InputDefinition> rest) {
        List<InputDefinition> all = new ArrayList<>(first);
        all.addAll(rest);
        return all;
    }

    private static List<InputDefinition> runtime() {
        return List.of(
                oneOf("CONTAINER_RUNTIME", "The nodes' container runtime", "containerd", "crio", "docker")
                        .withDefault("containerd"),
                string("SOCKET_PATH", "The runtime's socket on the node")
                        .withDefault("/run/containerd/containerd.sock")
                        .withPattern(SocketPaths.PATTERN),
                string(
                                "LIB_IMAGE",
                                "Ignored: the runner's helper pods use the image of its configuration"
                                        + " (HELPER_IMAGE); accepted for seed manifests")
                        .withPattern(IMAGE));
    }

    private static List<InputDefinition> network() {
        return with(
                List.of(
                        string("NETWORK_INTERFACE", "Interface inside the target pod")
                                .withDefault("eth0")
                                .withPattern(LinuxFaults.INTERFACE_NAME),
                        list(
                                        "DESTINATION_IPS",
                                        InputType.STRING,
                                        "Only packets to these IPs or CIDRs; all when not given")
                                .withPattern("[0-9a-fA-F.:/]+")),
                runtime());
    }

    private static InputDefinition interval() {
        return duration("CHAOS_INTERVAL", "Time between two rounds of the fault")
                .withDefault("10s")
                .withRange("1s", "1h");
    }

    private static InputDefinition force() {
        return oneOf("FORCE", "Delete with a grace period of 0", "true", "false")
                .withDefault("false");
    }

    private static InputDefinition chaosDuration() {
        return duration(TOTAL_CHAOS_DURATION, "How long the fault stays in force (a bare number is seconds)")
                .withDefault("30s")
                .withRange("1s", "24h");
    }

    private static InputDefinition rampTime() {
        return duration("RAMP_TIME", "Wait before injecting").withRange("1s", "1h");
    }
}
