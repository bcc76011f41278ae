package io.chaosplane.protocol.k8s;

import io.chaosplane.protocol.probe.Probe;
import java.util.List;
import java.util.Map;

/**
 * A whole Kubernetes experiment run as the control plane hands it to its chaos runner (a task's
 * {@code action.workflow}): the experiment in seed 001's shape, the probes its tasks' {@code probeRef}s name (the seed
 * keeps them in a probe registry; ChaosPlane ships them along), and the log stream of each task.
 *
 * @param notifyID the id the runner's {@code WORKFLOW_EVENT}s carry
 * @param streamIDs the log stream key of each task, by task name
 */
public record KubernetesWorkflow(
        String notifyID, KubernetesChaosExperiment experiment, List<Probe> probes, Map<String, String> streamIDs) {

    /** The probes a task refers to, in its {@code probeRef} order, with the mode the reference gives. */
    public List<Probe> probesOf(KubernetesChaosExperiment.Task task) {
        if (task.probeRef() == null || probes == null) {
            return List.of();
        }
        return task.probeRef().stream()
                .flatMap(ref -> probes.stream()
                        .filter(probe -> probe.name().equals(ref.probeID()))
                        .map(probe -> ref.mode() == null || ref.mode().isBlank()
                                ? probe
                                : new Probe(
                                        probe.name(),
                                        probe.type(),
                                        probe.cmdProbeInputs(),
                                        probe.httpProbeInputs(),
                                        probe.k8sProbeInputs(),
                                        probe.runProperties(),
                                        ref.mode()))
                        .limit(1))
                .toList();
    }
}
