package io.chaosplane.protocol.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The value types of fault inputs; each says what syntax a value must have. */
public enum InputType {
    /** Go-style duration: {@code 30s}, {@code 1m30s}, {@code 500ms}; a bare number is seconds. */
    @JsonProperty("duration")
    DURATION,
    /** A whole number. */
    @JsonProperty("integer")
    INTEGER,
    /** A number from 0 to 100, with or without a trailing {@code %}. */
    @JsonProperty("percentage")
    PERCENTAGE,
    /** Bytes with an optional unit: {@code 256Mi}, {@code 1G}; {@code 50%} where the input allows a percentage. */
    @JsonProperty("size")
    SIZE,
    /** Free text, optionally constrained by a pattern. */
    @JsonProperty("string")
    STRING,
    /** One of the input's allowed values, ignoring case. */
    @JsonProperty("enum")
    ENUM,
    /** Comma-separated items, each of the input's item type. */
    @JsonProperty("list")
    LIST
}
