package io.chaosplane.controlplane.halt;

import java.util.Arrays;
import java.util.Optional;

/** What a halt covers, from the widest to the narrowest; the wire names are lower case. */
enum HaltScope {
    ACCOUNT,
    ORGANIZATION,
    PROJECT,
    ENVIRONMENT,
    INFRASTRUCTURE;

    String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    static Optional<HaltScope> fromWire(String value) {
        return Arrays.stream(values())
                .filter(scope -> scope.wireName().equals(value))
                .findFirst();
    }
}
