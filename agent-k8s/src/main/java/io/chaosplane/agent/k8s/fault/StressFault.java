package io.chaosplane.agent.k8s.fault;

import io.chaosplane.agent.fault.Fault;
import io.chaosplane.agent.fault.FaultContext;
import io.chaosplane.agent.k8s.target.TargetResolver;
import io.chaosplane.protocol.catalog.FaultInputs;
import io.chaosplane.protocol.k8s.Targets;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code pod-cpu-hog} and {@code pod-memory-hog}: stress started by exec inside the target containers, as shell
 * processes whose ids go to a marker file named after the fault. Revert kills them by that file. Each container also
 * gets a watcher that kills them at the fault's deadline, so that they end even if the runner never comes back.
 */
public final class StressFault implements KubernetesFault<StressFault.State> {

    static final Duration EXEC_TIMEOUT = Duration.ofSeconds(30);

    /** One target container. */
    public record Target(String namespace, String pod, String container) {}

    /** The containers planned; their processes are found by the fault's marker file. */
    public record State(List<Target> targets) {}

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
            chosen.add(new Target(
                    pod.getMetadata().getNamespace(),
                    pod.getMetadata().getName(),
                    TargetResolver.container(pod, inputs)));
        }
        return new State(chosen);
    }

    @Override
    public State inject(FaultInputs inputs, State planned, FaultContext context) throws Exception {
        long untilDeadline = Math.max(
                1, Duration.between(clock.instant(), context.deadline()).toSeconds());
        String script = startScript(marker(context), stressCommand(inputs), workers(inputs), untilDeadline);
        for (Target target : planned.targets()) {
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
        String script = stopScript(marker(context));
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

    private int workers(FaultInputs inputs) {
        return (int) (name.equals("pod-cpu-hog") ? inputs.integer("CPU_CORES") : inputs.integer("NUMBER_OF_WORKERS"));
    }

    /** One stress process: a busy loop (below 100% CPU_LOAD busy and idle by turns each second), or dd holding memory. */
    private String stressCommand(FaultInputs inputs) {
        if (name.equals("pod-memory-hog")) {
            return "dd if=/dev/zero of=/dev/null bs=" + inputs.integer("MEMORY_CONSUMPTION") + "M";
        }
        long load = Math.round(inputs.percentage("CPU_LOAD"));
        if (load >= 100) {
            return "sh -c 'while :; do :; done'";
        }
        String busy = String.format(java.util.Locale.ROOT, "%.2f", load / 100.0);
        String idle = String.format(java.util.Locale.ROOT, "%.2f", 1 - load / 100.0);
        return "sh -c 'while :; do timeout " + busy + " sh -c \"while :; do :; done\"; sleep " + idle + "; done'";
    }

    /** Starts the processes, records their ids, and arms the watcher that stops them at the deadline. */
    static String startScript(String marker, String command, int processes, long untilDeadlineSeconds) {
        return "M=" + marker + "\n"
                + "[ -f $M ] && exit 0\n"
                + "for i in $(seq " + processes + "); do " + command + " >/dev/null 2>&1 & echo $! >> $M; done\n"
                + "( sleep " + untilDeadlineSeconds
                + "; kill $(cat $M) 2>/dev/null; rm -f $M $M.w ) >/dev/null 2>&1 &\n"
                + "echo $! > $M.w\n"
                + "echo started\n";
    }

    /** Kills the processes and the watcher; succeeds when there is nothing left to kill. */
    static String stopScript(String marker) {
        return "M=" + marker + "\n"
                + "[ -f $M ] && kill $(cat $M) 2>/dev/null\n"
                + "[ -f $M.w ] && kill $(cat $M.w) 2>/dev/null\n"
                + "rm -f $M $M.w\n"
                + "echo reverted\n";
    }
}
