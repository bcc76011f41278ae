package io.chaosplane.topology;

import java.util.List;

/** A graph that cannot be built, with every problem found, each at the field it concerns. */
public class InvalidTopologyException extends RuntimeException {

    /** One thing wrong, at a path such as {@code components[2].replicas} or {@code edges[0].target}. */
    public record Problem(String field, String message) {}

    private final List<Problem> problems;

    public InvalidTopologyException(List<Problem> problems) {
        super(problems.stream()
                .map(p -> p.field() + ": " + p.message())
                .reduce((a, b) -> a + "; " + b)
                .orElse(""));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
