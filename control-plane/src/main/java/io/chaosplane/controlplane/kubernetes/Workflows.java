package io.chaosplane.controlplane.kubernetes;

import io.chaosplane.controlplane.run.WholeRuns.Fault;
import io.chaosplane.controlplane.run.WholeRuns.WholeRun;
import io.chaosplane.protocol.catalog.FaultCatalog;
import io.chaosplane.protocol.k8s.KubernetesChaosExperiment;
import io.chaosplane.protocol.k8s.KubernetesWorkflow;
import io.chaosplane.protocol.probe.Probe;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * A Kubernetes run in seed 001's terms: the {@code KubernetesChaosExperiment} its runner executes (one task per fault,
 * the steps as planned, the inputs as LitmusChaos env) and the probes its tasks refer to. Probes are referred to by
 * name; where two faults give different probes one name, their ids are qualified by the fault ({@code fault/probe}).
 */
@Component
class Workflows {

    static final String SERVICE_ACCOUNT = "chaosplane-agent";

    private final KubernetesProperties properties;
    private final FaultCatalog catalog;

    Workflows(KubernetesProperties properties, FaultCatalog catalog) {
        this.properties = properties;
        this.catalog = catalog;
    }

    KubernetesWorkflow workflow(WholeRun run) {
        return new KubernetesWorkflow(
                run.taskId().toString(),
                experiment(run),
                probes(run).values().stream().toList(),
                run.faults().stream()
                        .collect(Collectors.toMap(Fault::name, Fault::streamID, (a, b) -> a, LinkedHashMap::new)));
    }

    KubernetesChaosExperiment experiment(WholeRun run) {
        Map<Fault, Map<String, String>> probeIds = probeIds(run);
        List<KubernetesChaosExperiment.Task> tasks = new ArrayList<>();
        List<List<KubernetesChaosExperiment.StepTask>> steps = new ArrayList<>();
        for (Fault fault : run.faults()) {
            List<KubernetesChaosExperiment.EnvVar> env =
                    catalog.env(fault.chaos().experiment(), fault.chaos().inputs()).stream()
                            .map(input -> new KubernetesChaosExperiment.EnvVar(input.name(), input.value()))
                            .toList();
            tasks.add(new KubernetesChaosExperiment.Task(
                    fault.name(),
                    new KubernetesChaosExperiment.Definition(
                            fault.chaos().targets(),
                            new KubernetesChaosExperiment.Chaos(
                                    fault.chaos().experiment(),
                                    image(),
                                    "IfNotPresent",
                                    false,
                                    env,
                                    new KubernetesChaosExperiment.Components(Map.of(), List.of()))),
                    fault.chaos().probeList().stream()
                            .map(probe -> new KubernetesChaosExperiment.ProbeRef(
                                    probeIds.get(fault).get(probe.name()), probe.mode()))
                            .toList(),
                    null));
            while (steps.size() <= fault.step()) {
                steps.add(new ArrayList<>());
            }
            steps.get(fault.step()).add(new KubernetesChaosExperiment.StepTask(fault.name(), ""));
        }
        return new KubernetesChaosExperiment(
                KubernetesChaosExperiment.KIND,
                KubernetesChaosExperiment.API_VERSION,
                new KubernetesChaosExperiment.Metadata(
                        run.run().experimentName(), run.run().namespace()),
                new KubernetesChaosExperiment.Spec(
                        tasks,
                        run.run().experimentId().toString(),
                        run.run().runId().toString(),
                        steps.stream().map(List::copyOf).toList(),
                        "delete",
                        SERVICE_ACCOUNT),
                null);
    }

    /** Every probe of the run by its id. */
    Map<String, Probe> probes(WholeRun run) {
        Map<Fault, Map<String, String>> ids = probeIds(run);
        Map<String, Probe> probes = new LinkedHashMap<>();
        for (Fault fault : run.faults()) {
            for (Probe probe : fault.chaos().probeList()) {
                String id = ids.get(fault).get(probe.name());
                probes.putIfAbsent(
                        id,
                        new Probe(
                                id,
                                probe.type(),
                                probe.cmdProbeInputs(),
                                probe.httpProbeInputs(),
                                probe.k8sProbeInputs(),
                                probe.runProperties(),
                                probe.mode()));
            }
        }
        return probes;
    }

    private static Map<Fault, Map<String, String>> probeIds(WholeRun run) {
        Map<String, Probe> first = new LinkedHashMap<>();
        Map<String, Boolean> shared = new LinkedHashMap<>();
        for (Fault fault : run.faults()) {
            for (Probe probe : fault.chaos().probeList()) {
                Probe seen = first.putIfAbsent(probe.name(), probe);
                if (seen != null && !sameDefinition(seen, probe)) {
                    shared.put(probe.name(), false);
                }
            }
        }
        Map<Fault, Map<String, String>> ids = new LinkedHashMap<>();
        for (Fault fault : run.faults()) {
            Map<String, String> byName = new LinkedHashMap<>();
            fault.chaos()
                    .probeList()
                    .forEach(probe -> byName.put(
                            probe.name(),
                            shared.getOrDefault(probe.name(), true)
                                    ? probe.name()
                                    : fault.name() + "/" + probe.name()));
            ids.put(fault, byName);
        }
        return ids;
    }

    /** The same probe apart from its mode, which each task's reference carries. */
    private static boolean sameDefinition(Probe a, Probe b) {
        return Objects.equals(a.type(), b.type())
                && Objects.equals(a.cmdProbeInputs(), b.cmdProbeInputs())
                && Objects.equals(a.httpProbeInputs(), b.httpProbeInputs())
                && Objects.equals(a.k8sProbeInputs(), b.k8sProbeInputs())
                && Objects.equals(a.runProperties(), b.runProperties());
    }

    private String image() {
        return properties.image() == null || properties.image().isBlank()
                ? "docker.io/chaosplane/agent-k8s:0.1.0"
                : properties.image();
    }
}
