package io.chaosplane.protocol.probe;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A probe of a task. {@code type} ({@code cmdProbe} or {@code httpProbe}) says which of the two input members is
 * set; {@code mode} says when it runs (SOT, EOT, Edge, Continuous, OnChaos). Both stay strings on the wire so that a
 * bad value becomes a field error of {@link ProbeValidator} rather than an unreadable body.
 */
public record Probe(
        String name,
        String type,
        @JsonProperty("cmdProbe/inputs") CmdProbeInputs cmdProbeInputs,
        @JsonProperty("httpProbe/inputs") HttpProbeInputs httpProbeInputs,
        RunProperties runProperties,
        String mode) {
}
