package io.chaosplane.protocol.probe;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The value types a comparator judges, each with the criteria it accepts. */
public enum ComparatorType {
    STRING("string", List.of("equal", "notEqual", "contains", "notContains", "matches", "notMatches", "oneOf")),
    INT("int", List.of("==", "!=", ">", "<", ">=", "<=", "oneOf", "between")),
    FLOAT("float", List.of("==", "!=", ">", "<", ">=", "<=", "oneOf", "between"));

    private final String wire;
    private final List<String> criteria;

    ComparatorType(String wire, List<String> criteria) {
        this.wire = wire;
        this.criteria = criteria;
    }

    public String wire() {
        return wire;
    }

    /** The criteria of this type, as written on the wire. */
    public List<String> criteria() {
        return criteria;
    }

    /** Finds a type by its wire name, ignoring case. */
    public static Optional<ComparatorType> parse(String text) {
        return Arrays.stream(values())
                .filter(type -> type.wire.equalsIgnoreCase(text))
                .findFirst();
    }
}
