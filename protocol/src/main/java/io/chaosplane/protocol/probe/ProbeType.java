package io.chaosplane.protocol.probe;

import java.util.Arrays;
import java.util.Optional;

/** The probe types agents run; {@code k8sProbe} only on Kubernetes infrastructures. */
public enum ProbeType {
    CMD("cmdProbe"),
    HTTP("httpProbe"),
    K8S("k8sProbe");

    private final String wire;

    ProbeType(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** Finds a type by its wire name, ignoring case. */
    public static Optional<ProbeType> parse(String text) {
        return Arrays.stream(values())
                .filter(type -> type.wire.equalsIgnoreCase(text))
                .findFirst();
    }
}
