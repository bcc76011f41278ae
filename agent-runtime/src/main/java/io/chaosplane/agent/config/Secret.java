package io.chaosplane.agent.config;

/** A value that must never reach a log line: install tokens, access keys. */
public record Secret(String value) {

    public Secret {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("a secret cannot be empty");
        }
    }

    @Override
    public String toString() {
        return "***";
    }
}
