package io.chaosplane.protocol.catalog;

/**
 * One thing wrong with an experiment, named by its path in the task's {@code action.chaos} member: {@code experiment},
 * {@code experimentInputs.Duration}, {@code probes[0].mode}, {@code probes[1].httpProbe/inputs.url}. The control plane
 * turns these into the 400 answer (prefixing the path with where the fault sits in its own request).
 */
public record FieldError(String field, String message) {

    @Override
    public String toString() {
        return field + ": " + message;
    }
}
