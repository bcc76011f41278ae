package io.chaosplane.agent.k8s.fault;

import io.chaosplane.agent.fault.Fault;
import io.chaosplane.agent.fault.FaultContext;
import io.chaosplane.agent.k8s.target.TargetException;
import io.chaosplane.protocol.catalog.FaultInputs;
import io.chaosplane.protocol.k8s.Targets;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code node-restart}: restarts the target nodes, one of two ways.
 * <ul>
 *   <li>The runner's {@code NODE_RESTART_COMMAND} (its configuration, never an experiment's): an argument vector the
 *       runner runs itself, with the node's name and address appended as two more arguments (no shell), for an SSH
 *       or cloud CLI command or a script of the operator's.</li>
 *   <li>Without one, a privileged helper pod on the node runs REBOOT_COMMAND (an enumerated value) in the host's
 *       namespaces through {@code nsenter -t 1}. It restarts the node only while the host's boot id is still the one
 *       the node reported at plan time, so that a helper the kubelet would run again after the restart does
 *       nothing.</li>
 * </ul>
 * A restart cannot be undone: revert deletes the helpers (so that nothing can restart the node again) and logs
 * whether the node came back (a new boot id, Ready).
 */
public final class NodeRestartFault implements KubernetesFault<NodeRestartFault.State> {

    /** One node: its boot id at plan time and the helper that restarts it (unused with a configured command). */
    public record Target(String node, String bootId, String address, String helper) {}

    public record State(List<Target> targets) {}

    /** Environment variables a configured command does not get: the runner's own credentials. */
    static final List<String> WITHHELD = List.of("ACCESS_KEY", "INSTALL_TOKEN", "LOG_SERVICE_TOKEN");

    static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(5);

    private final Cluster cluster;
    private final HelperPods helpers;
    private final Duration gracePeriod;
    private final List<String> restartCommand;
    private final Targets targets;

    /** @param restartCommand the runner's NODE_RESTART_COMMAND as an argument vector; empty for the helper pod */
    public NodeRestartFault(Cluster cluster, Duration gracePeriod, List<String> restartCommand) {
        this(cluster, gracePeriod, List.copyOf(restartCommand), null);
    }

    private NodeRestartFault(Cluster cluster, Duration gracePeriod, List<String> restartCommand, Targets targets) {
        this.cluster = cluster;
        this.helpers = new HelperPods(cluster);
        this.gracePeriod = gracePeriod;
        this.restartCommand = restartCommand;
        this.targets = targets;
    }

    @Override
    public Fault<State> aimedAt(Targets targets) {
        return new NodeRestartFault(cluster, gracePeriod, restartCommand, targets);
    }

    @Override
    public String name() {
        return "node-restart";
    }

    @Override
    public Class<State> stateType() {
        return State.class;
    }

    @Override
    public State plan(FaultInputs inputs, FaultContext context) throws Exception {
        List<Target> planned = new ArrayList<>();
        List<String> nodes = cluster.targets().chooseNodes(targets, inputs);
        for (int i = 0; i < nodes.size(); i++) {
            Node node = node(nodes.get(i));
            String bootId = bootId(node).orElse("");
            if (restartCommand.isEmpty() && bootId.isEmpty()) {
                throw new TargetException("node " + nodes.get(i) + " reports no boot id: a helper pod could restart"
                        + " it again after the restart, so none is started (configure NODE_RESTART_COMMAND)");
            }
            planned.add(new Target(nodes.get(i), bootId, address(node), "chaosplane-" + context.faultId() + "-" + i));
        }
        return new State(planned);
    }

    @Override
    public State inject(FaultInputs inputs, State planned, FaultContext context) throws Exception {
        if (!restartCommand.isEmpty()) {
            for (Target target : planned.targets()) {
                runCommand(target, context);
            }
            return planned;
        }
        Duration duration = inputs.chaosDuration().orElseThrow();
        for (Target target : planned.targets()) {
            context.log()
                    .info(
                            "[Chaos]: Restarting a node from a helper pod",
                            Map.of("Node", target.node(), "Helper", target.helper()));
            helpers.create(helpers.nodeManifest(
                    target.helper(),
                    context.faultId(),
                    target.node(),
                    List.of("/bin/sh", "-c", SCRIPT, "chaosplane-node-restart"),
                    environment(inputs, target.bootId()),
                    duration.plus(gracePeriod)));
        }
        for (Target target : planned.targets()) {
            try {
                helpers.awaitStarted(target.helper());
            } catch (HelperPods.HelperException e) {
                // a node that restarts at once may never report its helper running
                if (!rebooted(target)) {
                    throw e;
                }
            }
        }
        return planned;
    }

    @Override
    public void revert(State state, FaultContext context) throws Exception {
        List<String> names = state.targets().stream().map(Target::helper).toList();
        if (restartCommand.isEmpty()) {
            helpers.deleteAll(context.faultId(), names);
        }
        for (Target target : state.targets()) {
            Node node = cluster.client().nodes().withName(target.node()).get();
            if (node == null) {
                context.log().warn("[Chaos]: Node " + target.node() + " is gone");
                continue;
            }
            boolean rebooted = !target.bootId().isEmpty()
                    && !target.bootId().equals(bootId(node).orElse(target.bootId()));
            context.log()
                    .info(
                            "[Chaos]: Node after the restart",
                            Map.of(
                                    "Node",
                                    target.node(),
                                    "Restarted",
                                    target.bootId().isEmpty() ? "unknown" : Boolean.toString(rebooted),
                                    "Ready",
                                    Boolean.toString(ready(node))));
        }
    }

    /**
     * The helper's script, the same for every run: it restarts the host only in the boot the runner planned for, so
     * that it does nothing if it ever runs again. {@code REBOOT} is one of the catalogue's enumerated commands, split
     * into words with globbing off.
     */
    static final String SCRIPT = """
            set -euf
            if [ "$(cat /proc/sys/kernel/random/boot_id)" != "$BOOT_ID" ]; then
              echo "the node has restarted since the fault began; not again"
              exit 0
            fi
            echo restarting
            exec nsenter -t 1 -m -u -i -n -p -- $REBOOT
            """;

    static Map<String, String> environment(FaultInputs inputs, String bootId) {
        // the helper is root in the host's namespaces: LitmusChaos' default "sudo systemctl reboot" needs no sudo
        String reboot = inputs.string("REBOOT_COMMAND").replaceFirst("^sudo ", "");
        return Map.of("BOOT_ID", bootId, "REBOOT", reboot);
    }

    private void runCommand(Target target, FaultContext context) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(restartCommand);
        command.add(target.node());
        command.add(target.address());
        context.log()
                .info(
                        "[Chaos]: Restarting a node with the runner's NODE_RESTART_COMMAND",
                        Map.of("Node", target.node(), "Command", String.join(" ", command)));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        WITHHELD.forEach(builder.environment()::remove);
        Process process = builder.start();
        process.getOutputStream().close();
        List<String> output = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread reader = Thread.ofVirtual().start(() -> {
            try (BufferedReader lines =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (output.size() < 50) {
                        output.add(line);
                        context.log().info("[Chaos]: " + line);
                    }
                }
            } catch (IOException e) {
                // the process ended; what it wrote so far is logged
            }
        });
        if (!process.waitFor(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IOException("NODE_RESTART_COMMAND did not finish within " + COMMAND_TIMEOUT.toMinutes()
                    + " minutes for node " + target.node());
        }
        reader.join(Duration.ofSeconds(5));
        if (process.exitValue() != 0) {
            throw new IOException("NODE_RESTART_COMMAND exited " + process.exitValue() + " for node " + target.node()
                    + (output.isEmpty() ? "" : ": " + output.getLast()));
        }
    }

    private boolean rebooted(Target target) {
        Node node = cluster.client().nodes().withName(target.node()).get();
        return node != null && !bootId(node).orElse(target.bootId()).equals(target.bootId());
    }

    private Node node(String name) throws TargetException {
        Node node = cluster.client().nodes().withName(name).get();
        if (node == null) {
            throw new TargetException("node " + name + " does not exist");
        }
        return node;
    }

    static Optional<String> bootId(Node node) {
        return Optional.ofNullable(node.getStatus())
                .map(status -> status.getNodeInfo())
                .map(info -> info.getBootID())
                .filter(id -> !id.isBlank());
    }

    /** The node's InternalIP, else ExternalIP, else its name: what an SSH or cloud command needs to reach it. */
    private static String address(Node node) {
        List<NodeAddress> addresses =
                node.getStatus() == null || node.getStatus().getAddresses() == null
                        ? List.of()
                        : node.getStatus().getAddresses();
        for (String type : List.of("InternalIP", "ExternalIP")) {
            for (NodeAddress address : addresses) {
                if (type.equals(address.getType()) && address.getAddress() != null) {
                    return address.getAddress();
                }
            }
        }
        return node.getMetadata().getName();
    }

    static boolean ready(Node node) {
        return node.getStatus() != null
                && node.getStatus().getConditions() != null
                && node.getStatus().getConditions().stream()
                        .anyMatch(condition ->
                                "Ready".equals(condition.getType()) && "True".equals(condition.getStatus()));
    }
}
