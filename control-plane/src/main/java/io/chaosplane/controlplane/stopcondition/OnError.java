package io.chaosplane.controlplane.stopcondition;

import java.util.Optional;

/** What a check that cannot be made counts as: a failed check (safety first, the default) or nothing. */
enum OnError {
    BREACH,
    IGNORE;

    static Optional<OnError> parse(String text) {
        if (text == null) {
            return Optional.of(BREACH);
        }
        return switch (text) {
            case "breach" -> Optional.of(BREACH);
            case "ignore" -> Optional.of(IGNORE);
            default -> Optional.empty();
        };
    }
}
