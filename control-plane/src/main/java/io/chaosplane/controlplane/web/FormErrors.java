package io.chaosplane.controlplane.web;

import io.chaosplane.service.web.FieldProblem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A form's server-side errors: each at its field where the form has one, the rest above the form.
 *
 * @param fields the first message of each form field at fault
 * @param general problems of fields the form does not show
 */
public record FormErrors(Map<String, String> fields, List<String> general) {

    public static final FormErrors NONE = new FormErrors(Map.of(), List.of());

    /**
     * Places problems at form fields.
     *
     * @param fieldOf the form field of a problem's field, or null when the form has none
     */
    static FormErrors of(List<FieldProblem> problems, Function<String, String> fieldOf) {
        Map<String, String> fields = new LinkedHashMap<>();
        List<String> general = new ArrayList<>();
        for (FieldProblem problem : problems) {
            String field = fieldOf.apply(problem.field());
            if (field == null) {
                general.add(problem.field() + ": " + problem.message());
            } else {
                fields.putIfAbsent(field, problem.message());
            }
        }
        return new FormErrors(Map.copyOf(fields), List.copyOf(general));
    }

    /** Problems whose field names are the form's own. */
    static FormErrors of(List<FieldProblem> problems) {
        return of(problems, Function.identity());
    }

    static FormErrors general(String message) {
        return new FormErrors(Map.of(), List.of(message));
    }

    public boolean has(String field) {
        return fields.containsKey(field);
    }

    public String get(String field) {
        return fields.get(field);
    }

    public boolean any() {
        return !fields.isEmpty() || !general.isEmpty();
    }
}
