package io.chaosplane.topology;

import java.util.Locale;

/** A component's state in a simulation, from best to worst: a state only ever moves down this list. */
public enum Health {
    HEALTHY,
    DEGRADED,
    DOWN;

    public boolean isWorseThan(Health other) {
        return compareTo(other) > 0;
    }

    /** What this state counts for in an impact: down 1, degraded ½, healthy 0. */
    public double weight() {
        return switch (this) {
            case HEALTHY -> 0;
            case DEGRADED -> 0.5;
            case DOWN -> 1;
        };
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
