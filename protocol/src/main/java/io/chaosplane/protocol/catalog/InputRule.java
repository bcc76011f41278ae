package io.chaosplane.protocol.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** A rule across inputs of one fault: of the named inputs, exactly one (or at least one) must be given. */
public record InputRule(Kind kind, List<String> inputs) {

    public enum Kind {
        @JsonProperty("exactlyOne")
        EXACTLY_ONE,
        @JsonProperty("atLeastOne")
        AT_LEAST_ONE
    }

    public InputRule {
        inputs = List.copyOf(inputs);
    }

    public static InputRule exactlyOne(String... inputs) {
        return new InputRule(Kind.EXACTLY_ONE, List.of(inputs));
    }

    public static InputRule atLeastOne(String... inputs) {
        return new InputRule(Kind.AT_LEAST_ONE, List.of(inputs));
    }
}
