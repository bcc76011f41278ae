package io.chaosplane.protocol.probe;

import java.util.Arrays;
import java.util.Optional;

/** The probe types agents of a Linux infrastructure run. */
public enum ProbeType {
    CMD("cmdProbe"),
    HTTP("httpProbe");

    private final String wire;

    ProbeType(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** Finds a type by its wire name, ignoring case. */
    public static Optional<ProbeType> parse(String text) {
        return Arrays.stream(values()).filter(type -> type.wire.equalsIgnoreCase(text)).findFirst();
    }
}
