package io.chaosplane.controlplane.stopcondition;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** What a stop condition checks, as its {@code type} names it. */
enum ConditionType {
    HTTP("http"),
    PROMETHEUS("prometheus");

    /** Names of the agent-run command check, refused with a message of their own until agents evaluate it. */
    static final List<String> COMMAND_NAMES = List.of("command", "cmd", "cmdProbe");

    private final String wire;

    ConditionType(String wire) {
        this.wire = wire;
    }

    static Optional<ConditionType> parse(String text) {
        return Arrays.stream(values()).filter(type -> type.wire.equals(text)).findFirst();
    }
}
