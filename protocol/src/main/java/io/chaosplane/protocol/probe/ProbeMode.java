package io.chaosplane.protocol.probe;

import java.util.Arrays;
import java.util.Optional;

/** When a probe runs relative to the chaos. */
public enum ProbeMode {
    /** Once, start of test: before the fault is injected. */
    SOT("SOT"),
    /** Once, end of test: after the fault is reverted. */
    EOT("EOT"),
    /** Twice: before injection and after revert; passes when both pass. */
    EDGE("Edge"),
    /** Repeatedly from before injection until the fault is reverted; every evaluation must pass. */
    CONTINUOUS("Continuous"),
    /** Repeatedly while the fault is in force; every evaluation must pass. */
    ON_CHAOS("OnChaos");

    private final String wire;

    ProbeMode(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** Finds a mode by its wire name, ignoring case. */
    public static Optional<ProbeMode> parse(String text) {
        return Arrays.stream(values())
                .filter(mode -> mode.wire.equalsIgnoreCase(text))
                .findFirst();
    }
}
