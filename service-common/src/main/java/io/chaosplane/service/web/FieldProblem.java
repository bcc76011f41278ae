package io.chaosplane.service.web;

import java.util.List;
import java.util.stream.Collectors;

/** One invalid field of a request: a dotted path into the body (or a query parameter name) and what is wrong. */
public record FieldProblem(String field, String message) {

    static String summary(List<FieldProblem> problems) {
        return problems.stream()
                .map(problem -> problem.field() + ": " + problem.message())
                .collect(Collectors.joining("; ", "invalid input: ", ""));
    }
}
