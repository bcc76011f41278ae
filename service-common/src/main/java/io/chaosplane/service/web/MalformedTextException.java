package io.chaosplane.service.web;

import java.util.List;

/**
 * Request text that cannot be stored: bytes that are not UTF-8, or the NUL character, which PostgreSQL's text
 * refuses. Found in the body's bytes it names the body; a JSON reader that knows where it was names the member.
 */
public class MalformedTextException extends InvalidInputException {

    private final String problem;

    MalformedTextException(String field, String problem) {
        super(List.of(new FieldProblem(field, problem)));
        this.problem = problem;
    }

    static MalformedTextException nul(String field) {
        return new MalformedTextException(field, "must not contain the NUL character (\\u0000)");
    }

    /** The same problem, at the member of the body where it was found. */
    MalformedTextException at(String member) {
        return new MalformedTextException(member, problem);
    }
}
