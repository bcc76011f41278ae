package io.chaosplane.protocol.linux;

import io.chaosplane.protocol.probe.Probe;
import java.util.List;

/** The {@code action.chaos} member of a task: which fault, with which inputs, checked by which probes. */
public record ChaosSpec(String experiment, List<ExperimentInput> experimentInputs, List<Probe> probes) {

    /** The inputs, never {@code null}. */
    public List<ExperimentInput> inputs() {
        return experimentInputs == null ? List.of() : experimentInputs;
    }

    /** The probes, never {@code null}. */
    public List<Probe> probeList() {
        return probes == null ? List.of() : probes;
    }
}
