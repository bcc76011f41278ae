package io.chaosplane.protocol.catalog;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown where valid inputs are required but were not given; carries every field error at once. */
public final class InvalidChaosException extends IllegalArgumentException {

    private final transient List<FieldError> errors;

    public InvalidChaosException(List<FieldError> errors) {
        super(errors.stream().map(FieldError::toString).collect(Collectors.joining("; ")));
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }
}
