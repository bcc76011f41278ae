package io.chaosplane.protocol.catalog;

import java.util.List;
import java.util.Optional;

/**
 * A fault as the catalogue describes it: enough for the control plane to validate an experiment and for a UI to build
 * its form, grouped by {@code category} ({@code network}, {@code stress}...), and to say what the fault needs of the
 * infrastructure. Input names are matched ignoring case.
 */
public record FaultDefinition(
        String name,
        String description,
        Platform platform,
        String category,
        List<InputDefinition> inputs,
        List<InputRule> rules,
        Permissions permissions) {

    public FaultDefinition {
        inputs = List.copyOf(inputs);
        rules = List.copyOf(rules);
    }

    /** The input of that name, ignoring case. */
    public Optional<InputDefinition> input(String name) {
        return inputs.stream()
                .filter(input -> input.name().equalsIgnoreCase(name))
                .findFirst();
    }
}
