package io.chaosplane.controlplane.run;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Optional;

/** Whether the system held up under a fault: its probes passed, one failed, not known yet, stopped, or not judged. */
public enum FaultVerdict {
    Awaited("Awaited"),
    Pass("Pass"),
    Fail("Fail"),
    Stopped("Stopped"),
    NotApplicable("N/A");

    private final String wireName;

    FaultVerdict(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    static FaultVerdict fromWire(String value) {
        return ofWire(value).orElseThrow(() -> new IllegalArgumentException("unknown verdict " + value));
    }

    /** The verdict of this wire name, if it is one. */
    public static Optional<FaultVerdict> ofWire(String value) {
        for (FaultVerdict verdict : values()) {
            if (verdict.wireName.equals(value)) {
                return Optional.of(verdict);
            }
        }
        return Optional.empty();
    }
}
