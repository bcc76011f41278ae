package io.chaosplane.controlplane.run;

import com.fasterxml.jackson.annotation.JsonValue;

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
        for (FaultVerdict verdict : values()) {
            if (verdict.wireName.equals(value)) {
                return verdict;
            }
        }
        throw new IllegalArgumentException("unknown verdict " + value);
    }
}
