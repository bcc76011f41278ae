package io.chaosplane.topology;

import java.util.Objects;

/**
 * An edge {@code source → target}: the source depends on (calls) the target.
 *
 * @param weight the target's share of the source's connections, 0 to 1 (1 where nobody measured it)
 */
public record Dependency(String source, String target, DependencyType type, double weight) {

    public Dependency {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(type, "type");
        if (Double.isNaN(weight) || weight < 0 || weight > 1) {
            throw new IllegalArgumentException("edge " + source + " -> " + target + ": weight must be between 0 and 1");
        }
    }

    public static Dependency of(String source, String target, DependencyType type) {
        return new Dependency(source, target, type, 1.0);
    }

    public Dependency withType(DependencyType value) {
        return new Dependency(source, target, value, weight);
    }
}
