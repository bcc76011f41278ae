package io.chaosplane.protocol.linux;

import io.chaosplane.protocol.k8s.Targets;
import io.chaosplane.protocol.probe.Probe;
import java.util.List;

/**
 * The {@code action.chaos} member of a task: which fault, with which inputs, checked by which probes; for a
 * Kubernetes fault also which workloads it targets (seed 001's {@code targets}), absent for Linux faults; and the
 * command {@code stopConditions} the agent checks while the fault is in force (a ChaosPlane extension).
 */
public record ChaosSpec(
        String experiment,
        List<ExperimentInput> experimentInputs,
        List<Probe> probes,
        Targets targets,
        List<CommandStopCondition> stopConditions) {

    public ChaosSpec(String experiment, List<ExperimentInput> experimentInputs, List<Probe> probes) {
        this(experiment, experimentInputs, probes, null, null);
    }

    public ChaosSpec(String experiment, List<ExperimentInput> experimentInputs, List<Probe> probes, Targets targets) {
        this(experiment, experimentInputs, probes, targets, null);
    }

    /** The command stop conditions the agent checks while the fault is in force, never {@code null}. */
    public List<CommandStopCondition> stopConditionList() {
        return stopConditions == null ? List.of() : stopConditions;
    }

    /** The inputs, never {@code null}. */
    public List<ExperimentInput> inputs() {
        return experimentInputs == null ? List.of() : experimentInputs;
    }

    /** The probes, never {@code null}. */
    public List<Probe> probeList() {
        return probes == null ? List.of() : probes;
    }
}
