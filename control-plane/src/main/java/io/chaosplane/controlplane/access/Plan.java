package io.chaosplane.controlplane.access;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Locale;

/** An account's plan and its request rate per API key (seed 002's tiers). */
public enum Plan {
    FREE(30),
    BASIC(120),
    PRO(600),
    ENTERPRISE(3000);

    private final int requestsPerMinute;

    Plan(int requestsPerMinute) {
        this.requestsPerMinute = requestsPerMinute;
    }

    public int requestsPerMinute() {
        return requestsPerMinute;
    }

    /** The PDF export of compliance reports (seed 004: an Enterprise feature). */
    public static final String COMPLIANCE_EXPORT = "compliance-export";

    /** The feature flags the plan turns on, as seed 004's license lists them; only features that are gated. */
    public List<String> features() {
        return this == ENTERPRISE ? List.of(COMPLIANCE_EXPORT) : List.of();
    }

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Plan fromWire(String value) {
        for (Plan plan : values()) {
            if (plan.wireName().equalsIgnoreCase(value)) {
                return plan;
            }
        }
        throw new IllegalArgumentException(
                "unknown plan '" + value + "', expected one of free, basic, pro, enterprise");
    }

    @Override
    public String toString() {
        return wireName();
    }
}
