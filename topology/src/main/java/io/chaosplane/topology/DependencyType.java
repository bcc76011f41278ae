package io.chaosplane.topology;

import java.util.Locale;
import java.util.Optional;

/** How a caller depends on what it calls, which decides what the callee's outage does to it. */
public enum DependencyType {
    /** The caller cannot work without it: down with it. */
    HARD,
    /** The caller can work without it, if it stops waiting for it: down without a circuit breaker, else degraded. */
    SOFT,
    /** The caller hands work over and moves on: degraded while the work backs up. */
    ASYNC;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<DependencyType> fromWire(String value) {
        for (DependencyType type : values()) {
            if (type.wireName().equals(value)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
