package io.chaosplane.agent.k8s.fault;

import io.chaosplane.agent.fault.Fault;
import io.chaosplane.agent.fault.FaultContext;
import io.chaosplane.protocol.catalog.FaultInputs;
import io.chaosplane.protocol.k8s.Targets;
import io.fabric8.kubernetes.api.model.Node;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code kubelet-service-kill}: a privileged helper pod on each target node stops the kubelet with {@code systemctl}
 * in the host's namespaces ({@code nsenter -t 1}) for the chaos duration, and starts it again at its end, or when it
 * is terminated.
 *
 * <p>While its kubelet is stopped, Kubernetes cannot reach the node: deleting the helper (revert) does not stop it
 * until the kubelet is back. So before it stops the kubelet the helper arms a transient systemd timer on the host
 * that starts the kubelet at the chaos duration's end whatever becomes of the helper, the runner or the API server;
 * revert deletes the helper (which starts the kubelet as it terminates, when its TERM arrives) and the timer is the
 * bound on an early abort.
 */
public final class KubeletKillFault implements KubernetesFault<KubeletKillFault.State> {

    public record State(List<String> nodes, List<String> helpers) {}

    private final Cluster cluster;
    private final HelperPods helpers;
    private final Duration gracePeriod;
    private final Targets targets;

    public KubeletKillFault(Cluster cluster, Duration gracePeriod) {
        this(cluster, gracePeriod, null);
    }

    private KubeletKillFault(Cluster cluster, Duration gracePeriod, Targets targets) {
        this.cluster = cluster;
        this.helpers = new HelperPods(cluster);
        this.gracePeriod = gracePeriod;
        this.targets = targets;
    }

    @Override
    public Fault<State> aimedAt(Targets targets) {
        return new KubeletKillFault(cluster, gracePeriod, targets);
    }

    @Override
    public String name() {
        return "kubelet-service-kill";
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
            names.add("chaosplane-" + context.faultId() + "-" + i);
        }
        return new State(nodes, names);
    }

    @Override
    public State inject(FaultInputs inputs, State planned, FaultContext context) throws Exception {
        Duration duration = inputs.chaosDuration().orElseThrow();
        for (int i = 0; i < planned.nodes().size(); i++) {
            context.log()
                    .info(
                            "[Chaos]: Stopping the kubelet of a node from a helper pod",
                            Map.of(
                                    "Node",
                                    planned.nodes().get(i),
                                    "Helper",
                                    planned.helpers().get(i)));
            helpers.create(helpers.nodeManifest(
                    planned.helpers().get(i),
                    context.faultId(),
                    planned.nodes().get(i),
                    List.of("/bin/sh", "-c", SCRIPT, "chaosplane-kubelet-kill"),
                    environment(context.faultId(), duration),
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
        for (String name : state.nodes()) {
            Node node = cluster.client().nodes().withName(name).get();
            if (node != null && !NodeRestartFault.ready(node)) {
                context.log()
                        .warn("[Chaos]: Node " + name + " is not Ready yet; its kubelet starts again at the latest"
                                + " when the chaos duration ends (a timer on the node)");
            }
        }
    }

    /**
     * The helper's script, the same for every run; its values come from the environment (the fault's id, which names
     * the timer's unit, and the duration in seconds, both made by the runner).
     */
    static final String SCRIPT = """
            set -eu
            host() { nsenter -t 1 -m -u -i -n -p -- "$@"; }
            unit="chaosplane-kubelet-$FAULT_ID"
            host systemd-run --unit "$unit" --on-active="${DURATION_SECONDS}s" systemctl start kubelet
            restore() {
              host systemctl start kubelet || true
              host systemctl stop "$unit.timer" 2>/dev/null || true
            }
            trap 'restore; exit 0' TERM INT
            host systemctl stop kubelet
            echo injected
            sleep "$DURATION_SECONDS" & wait $!
            restore
            """;

    static Map<String, String> environment(String faultId, Duration duration) {
        return Map.of("FAULT_ID", faultId, "DURATION_SECONDS", Long.toString(Math.max(1, duration.toSeconds())));
    }
}
