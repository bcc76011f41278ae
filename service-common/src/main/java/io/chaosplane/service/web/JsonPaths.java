package io.chaosplane.service.web;

import java.util.List;
import tools.jackson.databind.DatabindException;

/** Writes a Jackson reference path the way a person reads it: {@code spec.steps[0].faults[1].name}. */
final class JsonPaths {

    private JsonPaths() {}

    static String describe(List<DatabindException.Reference> path) {
        StringBuilder field = new StringBuilder();
        for (DatabindException.Reference reference : path) {
            if (reference.getPropertyName() != null) {
                if (!field.isEmpty()) {
                    field.append('.');
                }
                field.append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                field.append('[').append(reference.getIndex()).append(']');
            }
        }
        return field.isEmpty() ? "body" : field.toString();
    }
}
