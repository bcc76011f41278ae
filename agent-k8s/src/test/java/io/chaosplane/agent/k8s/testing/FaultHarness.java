package io.chaosplane.agent.k8s.testing;

import io.chaosplane.agent.fault.ActiveFault;
import io.chaosplane.agent.fault.Fault;
import io.chaosplane.agent.fault.FaultJournal;
import io.chaosplane.agent.fault.FaultRegistry;
import io.chaosplane.agent.fault.FaultRun;
import io.chaosplane.agent.fault.FaultSupervisor;
import io.chaosplane.agent.k8s.fault.Cluster;
import io.chaosplane.agent.k8s.fault.KubernetesFault;
import io.chaosplane.agent.k8s.fault.KubernetesFaultSet;
import io.chaosplane.agent.k8s.target.TargetResolver;
import io.chaosplane.agent.logs.ExecutionLog;
import io.chaosplane.protocol.catalog.FaultCatalog;
import io.chaosplane.protocol.catalog.FaultInputs;
import io.chaosplane.protocol.k8s.Targets;
import io.chaosplane.protocol.linux.ExperimentInput;
import io.chaosplane.testsupport.kubernetes.SimulatedCluster;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The runner's faults against a {@link SimulatedCluster}, injected and reverted through the runtime's supervisor
 * (journal, watchdog, recovery) as the runner does it. Helper pods go to {@value #RUNNER_NAMESPACE}.
 */
public final class FaultHarness implements AutoCloseable {

    public static final String RUNNER_NAMESPACE = "chaosplane";
    /** The helper image the harness's runner is configured with. */
    public static final String HELPER_IMAGE = "registry.example/chaosplane/helper:1";

    private final FaultCatalog catalog = FaultCatalog.standard();
    private final KubernetesClient client;
    private final Cluster cluster;
    private final List<KubernetesFault<?>> faults;
    private final Path journal;
    private FaultSupervisor supervisor;
    public final List<String> log = new java.util.concurrent.CopyOnWriteArrayList<>();

    public FaultHarness(SimulatedCluster simulated, Path stateDir, boolean namespaced) {
        this(simulated, stateDir, namespaced, List.of());
    }

    /** @param nodeRestartCommand the runner's NODE_RESTART_COMMAND, as an argument vector */
    public FaultHarness(
            SimulatedCluster simulated, Path stateDir, boolean namespaced, List<String> nodeRestartCommand) {
        this.client = simulated.client();
        this.cluster = new Cluster(
                client,
                new TargetResolver(client, new TargetResolver.Scope(RUNNER_NAMESPACE, namespaced), new Random(7)),
                RUNNER_NAMESPACE,
                "chaosplane-agent",
                HELPER_IMAGE,
                Duration.ofSeconds(10),
                Duration.ofMillis(50));
        this.faults = KubernetesFaultSet.all(cluster, Clock.systemUTC(), Duration.ofSeconds(5), nodeRestartCommand);
        this.journal = stateDir.resolve("journal");
        this.supervisor = supervisor();
    }

    public Cluster cluster() {
        return cluster;
    }

    public KubernetesClient client() {
        return client;
    }

    public FaultInputs inputs(String fault, String... namesAndValues) {
        List<ExperimentInput> inputs = new ArrayList<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            inputs.add(new ExperimentInput(namesAndValues[i], namesAndValues[i + 1]));
        }
        return catalog.resolve(fault, inputs);
    }

    public KubernetesFault<?> fault(String name) {
        return faults.stream()
                .filter(fault -> fault.name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    public ActiveFault inject(String fault, Targets targets, FaultInputs inputs) throws Exception {
        Fault<?> aimed = fault(fault).aimedAt(targets);
        return supervisor.inject(new FaultRun("task-" + fault, "lce"), aimed, inputs, executionLog());
    }

    public void revert(ActiveFault fault) throws Exception {
        supervisor.revert(fault);
    }

    /** As after a crash: a new supervisor on the same journal reverts what the old one left in force. */
    public List<FaultSupervisor.Recovered> restart() {
        supervisor.close();
        supervisor = supervisor();
        return supervisor.recover();
    }

    public static Targets deployment(String namespace, String names) {
        return Targets.of(List.of(new Targets.Workload("deployment", namespace, names, "")));
    }

    private FaultSupervisor supervisor() {
        return new FaultSupervisor(
                new FaultJournal(journal), new FaultRegistry(faults), Clock.systemUTC(), Duration.ofSeconds(30));
    }

    private ExecutionLog executionLog() {
        return (level, out, args) -> log.add(level + " " + out + (args == null ? "" : " " + args));
    }

    @Override
    public void close() {
        supervisor.close();
        client.close();
    }
}
