package io.chaosplane.controlplane.stopcondition;

import java.util.Arrays;
import java.util.Optional;

/** What a stop condition checks, as its {@code type} names it. */
enum ConditionType {
    HTTP("http"),
    PROMETHEUS("prometheus"),
    /** Checked by the agent of each fault while the fault is in force, not by the control plane. */
    COMMAND("command");

    private final String wire;

    ConditionType(String wire) {
        this.wire = wire;
    }

    static Optional<ConditionType> parse(String text) {
        return Arrays.stream(values()).filter(type -> type.wire.equals(text)).findFirst();
    }
}
