package io.chaosplane.protocol.probe;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A probe of a task. {@code type} ({@code cmdProbe}, {@code httpProbe} or {@code k8sProbe}) says which input member is
 * set; {@code mode} says when it runs (SOT, EOT, Edge, Continuous, OnChaos). Both stay strings on the wire so that a
 * bad value becomes a field error of {@link ProbeValidator} rather than an unreadable body.
 */
public record Probe(
        String name,
        String type,
        @JsonProperty("cmdProbe/inputs") CmdProbeInputs cmdProbeInputs,
        @JsonProperty("httpProbe/inputs") HttpProbeInputs httpProbeInputs,
        @JsonProperty("k8sProbe/inputs") K8sProbeInputs k8sProbeInputs,
        RunProperties runProperties,
        String mode) {

    /** A command or HTTP probe, the kinds every platform runs. */
    public Probe(
            String name,
            String type,
            CmdProbeInputs cmdProbeInputs,
            HttpProbeInputs httpProbeInputs,
            RunProperties runProperties,
            String mode) {
        this(name, type, cmdProbeInputs, httpProbeInputs, null, runProperties, mode);
    }
}
