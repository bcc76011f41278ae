package io.chaosplane.service.web;

import java.util.List;
import org.springframework.http.HttpStatus;

/** Input that cannot be accepted, with the fields at fault so that a client can show each error at its field. */
public class InvalidInputException extends ApiException {

    private final List<FieldProblem> fieldProblems;

    public InvalidInputException(List<FieldProblem> fieldProblems) {
        super(HttpStatus.BAD_REQUEST, FieldProblem.summary(fieldProblems));
        this.fieldProblems = List.copyOf(fieldProblems);
    }

    public static InvalidInputException of(String field, String message) {
        return new InvalidInputException(List.of(new FieldProblem(field, message)));
    }

    public List<FieldProblem> fieldProblems() {
        return fieldProblems;
    }

    /** The same problems of a document that the request holds at {@code member}, named from the request's root. */
    public InvalidInputException within(String member) {
        return new InvalidInputException(fieldProblems.stream()
                .map(problem -> new FieldProblem(
                        problem.field().equals("body")
                                ? member
                                : member + (problem.field().startsWith("[") ? "" : ".") + problem.field(),
                        problem.message()))
                .toList());
    }
}
