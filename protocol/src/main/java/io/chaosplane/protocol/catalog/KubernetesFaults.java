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

    /** A host name, as DNS and the resolver know it. */
    static final String HOST_NAME = "[A-Za-z0-9_]([A-Za-z0-9_.-]{0,252})";
    /** A DNS fault's target name, also in the quotes and brackets of LitmusChaos' JSON list form. */
    static final String TARGET_HOSTNAME = "\\[?\"?[A-Za-z0-9_.-]{1,253}\"?\\]?";

    private static final String SPOOF_ENTRY = "\\s*\"[A-Za-z0-9_.-]{1,253}\"\\s*:\\s*\"[A-Za-z0-9_.:-]{1,253}\"\\s*";
    /** A JSON object of host names, each mapped to a host name or an IP. */
    static final String SPOOF_MAP = "\\{" + SPOOF_ENTRY + "(," + SPOOF_ENTRY + ")*\\}";

    private static final String HEADER_ENTRY =
            "\\s*\"[!#$%&'*+.^_`|~0-9A-Za-z-]{1,256}\"\\s*:\\s*\"[\\x20-\\x21\\x23-\\x5b\\x5d-\\x7e]{0,4096}\"\\s*";
    /** A JSON object of header names (RFC 9110 tokens) to values of printable ASCII, without quotes or escapes. */
    static final String HEADERS_MAP = "\\{" + HEADER_ENTRY + "(," + HEADER_ENTRY + ")*\\}";

    /** The status codes the HTTP proxy answers with, as LitmusChaos accepts them. */
    static final String STATUS_CODE = "200|201|202|204|300|301|302|304|307|400|401|403|404|500|501|502|503|504";

    /** Any text but NUL (it travels as one argument of the proxy's command, read by no shell). */
    static final String RESPONSE_BODY = "(?s)[^\\x00]{1,65536}";

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
                pods(
                        "pod-network-corruption",
                        HELPER_POD,
                        "Corrupts a share of the target pods' outgoing packets (one flipped bit each)"
                                + " with netem, from a privileged helper pod on their node.",
                        with(
                                List.of(percentage("NETWORK_PACKET_CORRUPTION_PERCENTAGE", "Share of packets corrupted")
                                        .withDefault("100")
                                        .withRange("0.01", "100")),
                                network())),
                pods(
                        "pod-network-duplication",
                        HELPER_POD,
                        "Sends a share of the target pods' outgoing packets twice with netem, from a"
                                + " privileged helper pod on their node.",
                        with(
                                List.of(percentage(
                                                "NETWORK_PACKET_DUPLICATION_PERCENTAGE", "Share of packets duplicated")
                                        .withDefault("100")
                                        .withRange("0.01", "100")),
                                network())),
                pods(
                        "pod-network-partition",
                        HELPER_POD,
                        "Cuts the target pods off (from DESTINATION_IPS and DESTINATION_HOSTS only, when"
                                + " given): iptables rules in the pod's network namespace drop its traffic"
                                + " but loopback, set by a helper pod and removed when it ends.",
                        with(
                                List.of(
                                        oneOf(
                                                        "POLICY_TYPES",
                                                        "Drop incoming, outgoing or all traffic",
                                                        "all",
                                                        "ingress",
                                                        "egress")
                                                .withDefault("all"),
                                        destinationIps(),
                                        destinationHosts()),
                                runtime())),
                pods(
                        "pod-dns-error",
                        HELPER_POD,
                        "Answers the target pods' DNS queries for TARGET_HOSTNAMES (all names when not"
                                + " given) with an error: a DNS interceptor in a helper pod, in the pod's"
                                + " network namespace, receives its port-53 traffic through an iptables"
                                + " redirect and forwards the other names upstream.",
                        with(
                                List.of(
                                        list(
                                                        "TARGET_HOSTNAMES",
                                                        InputType.STRING,
                                                        "Host names that fail, comma-separated (LitmusChaos' JSON"
                                                                + " list form is accepted); all when not given")
                                                .withPattern(TARGET_HOSTNAME),
                                        oneOf(
                                                        "MATCH_SCHEME",
                                                        "A query matches a target name exactly, or contains it",
                                                        "exact",
                                                        "substring")
                                                .withDefault("exact"),
                                        upstreamServer()),
                                runtime())),
                pods(
                        "pod-dns-spoof",
                        HELPER_POD,
                        "Answers the target pods' DNS queries for the names of SPOOF_MAP with the"
                                + " records of the names they map to, through the same interceptor and"
                                + " redirect as pod-dns-error.",
                        with(
                                List.of(
                                        string(
                                                        "SPOOF_MAP",
                                                        "JSON object of host name to the host name or IP it resolves"
                                                                + " to instead: {\"abc.com\":\"spoofabc.com\"}")
                                                .asRequired()
                                                .withPattern(SPOOF_MAP),
                                        upstreamServer()),
                                runtime())),
                pods(
                        "pod-io-stress",
                        Permissions.kubernetes("list pods", "create pods/exec"),
                        "Keeps the disk of the target container busy: NUMBER_OF_WORKERS processes write"
                                + " and delete files under VOLUME_MOUNT_PATH (run by exec, stopped and their"
                                + " files removed at revert).",
                        with(
                                List.of(
                                        percentage(
                                                        "FILESYSTEM_UTILIZATION_PERCENTAGE",
                                                        "Share of the free space at VOLUME_MOUNT_PATH the workers"
                                                                + " write together")
                                                .withDefault("10")
                                                .withRange("1", "100"),
                                        integer(
                                                        "FILESYSTEM_UTILIZATION_BYTES",
                                                        "Gigabytes the workers write together; instead of the"
                                                                + " percentage when given")
                                                .withRange("1", "1024")
                                                .withUnit("G"),
                                        integer("NUMBER_OF_WORKERS", "Processes writing")
                                                .withDefault("4")
                                                .withRange("1", "64"),
                                        string("VOLUME_MOUNT_PATH", "Directory in the target container written to")
                                                .withDefault("/tmp")
                                                .withPattern(ContainerPaths.PATTERN)),
                                runtime())),
                httpPods(
                        "pod-http-latency",
                        "Delays the HTTP responses of the target pods' TARGET_SERVICE_PORT by LATENCY.",
                        List.of(integer("LATENCY", "Delay added to each response")
                                .withDefault("2000")
                                .withRange("1", "600000")
                                .withUnit("ms"))),
                httpPods(
                        "pod-http-status-code",
                        "Answers the HTTP requests to the target pods' TARGET_SERVICE_PORT with STATUS_CODE"
                                + " (one of the list, chosen at random), optionally with RESPONSE_BODY.",
                        List.of(
                                list(
                                                "STATUS_CODE",
                                                InputType.STRING,
                                                "Status codes to answer with, one chosen at random; any of those"
                                                        + " when not given")
                                        .withPattern(STATUS_CODE),
                                oneOf(
                                                "MODIFY_RESPONSE_BODY",
                                                "Replace the body with RESPONSE_BODY (or a default page)",
                                                "true",
                                                "false")
                                        .withDefault("true"),
                                responseBody(),
                                contentType(),
                                contentEncoding())),
                httpPods(
                        "pod-http-modify-header",
                        "Sets or overrides headers of the HTTP responses (or requests) of the target pods'"
                                + " TARGET_SERVICE_PORT.",
                        List.of(
                                string("HEADERS_MAP", "JSON object of header name to value: {\"X-Chaos\":\"on\"}")
                                        .asRequired()
                                        .withPattern(HEADERS_MAP),
                                oneOf("HEADER_MODE", "Modify the responses or the requests", "response", "request")
                                        .withDefault("response"))),
                httpPods(
                        "pod-http-modify-body",
                        "Replaces the body of the HTTP responses of the target pods' TARGET_SERVICE_PORT"
                                + " with RESPONSE_BODY.",
                        List.of(responseBody().asRequired(), contentType(), contentEncoding())),
                httpPods(
                        "pod-http-reset-peer",
                        "Resets the TCP connections to the target pods' TARGET_SERVICE_PORT after" + " RESET_TIMEOUT.",
                        List.of(integer("RESET_TIMEOUT", "Time before the connection is reset; 0 resets at once")
                                .withDefault("0")
                                .withRange("0", "600000")
                                .withUnit("ms"))),
                pods(
                        "disk-fill",
                        Permissions.kubernetes("list pods", "create pods/exec"),
                        "Fills the target container's ephemeral storage: a file of FILL_PERCENTAGE of"
                                + " its ephemeral-storage limit (or EPHEMERAL_STORAGE_MEBIBYTES) written"
                                + " under /tmp by exec, removed at revert; a container past its limit is"
                                + " evicted by the kubelet.",
                        with(
                                List.of(
                                        percentage(
                                                        "FILL_PERCENTAGE",
                                                        "Share of the container's ephemeral-storage limit to"
                                                                + " fill (above 100 is not allowed)")
                                                .withDefault("80")
                                                .withRange("1", "100"),
                                        integer(
                                                        "EPHEMERAL_STORAGE_MEBIBYTES",
                                                        "Mebibytes to write instead of the percentage; needed for"
                                                                + " a container without a limit")
                                                .withRange("1", "1048576")
                                                .withUnit("Mi"),
                                        integer("DATA_BLOCK_SIZE", "Size of each block dd writes")
                                                .withDefault("256")
                                                .withRange("1", "65536")
                                                .withUnit("Ki")),
                                runtime())),
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
                        destinationIps(),
                        destinationHosts()),
                runtime());
    }

    /** HTTP faults: a proxy in the target pod's network namespace that TARGET_SERVICE_PORT is redirected to. */
    private static FaultDefinition httpPods(String name, String description, List<InputDefinition> specific) {
        return pods(
                name,
                HELPER_POD,
                description
                        + " A toxiproxy in a helper pod, in the pod's network namespace, receives that"
                        + " port's incoming traffic through an iptables redirect to PROXY_PORT.",
                with(
                        with(
                                specific,
                                List.of(
                                        integer("TARGET_SERVICE_PORT", "Port of the target pods' HTTP server")
                                                .withDefault("80")
                                                .withRange("1", "65535"),
                                        integer("PROXY_PORT", "Port the proxy listens on inside the pod")
                                                .withDefault("20000")
                                                .withRange("1", "65535"),
                                        percentage("TOXICITY", "Share of the requests affected")
                                                .withDefault("100"),
                                        string("NETWORK_INTERFACE", "Interface inside the target pod")
                                                .withDefault("eth0")
                                                .withPattern(LinuxFaults.INTERFACE_NAME))),
                        runtime()));
    }

    private static InputDefinition destinationIps() {
        return list("DESTINATION_IPS", InputType.STRING, "Only packets to these IPs or CIDRs; all when not given")
                .withPattern("[0-9a-fA-F.:/]+");
    }

    private static InputDefinition destinationHosts() {
        return list(
                        "DESTINATION_HOSTS",
                        InputType.STRING,
                        "Only packets to the IPv4 addresses of these host names, resolved by the runner at"
                                + " injection")
                .withPattern(HOST_NAME);
    }

    private static InputDefinition upstreamServer() {
        return string("UPSTREAM_SERVER", "DNS server the other queries go to; the pod's resolver when not given")
                .withPattern("[0-9a-fA-F.:]{2,39}");
    }

    private static InputDefinition responseBody() {
        return string("RESPONSE_BODY", "Body of the responses, as text").withPattern(RESPONSE_BODY);
    }

    private static InputDefinition contentType() {
        return string("CONTENT_TYPE", "Content type of RESPONSE_BODY")
                .withDefault("text/plain")
                .withPattern("[A-Za-z0-9!#$&^_.+-]{1,64}/[A-Za-z0-9!#$&^_.+-]{1,64}");
    }

    private static InputDefinition contentEncoding() {
        return oneOf("CONTENT_ENCODING", "Encoding of the replaced body", "none", "gzip", "deflate")
                .withDefault("none");
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
