package io.chaosplane.controlplane.web;

import io.chaosplane.service.web.FieldProblem;
import io.chaosplane.service.web.InvalidInputException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.util.Comparator;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The same bean-validation checks the API runs on a request body ({@code @Valid}), for requests a page builds
 * from a form: the same messages at the same field names.
 */
@Component
class BeanChecks {

    private final Validator validator;

    BeanChecks(Validator validator) {
        this.validator = validator;
    }

    void validate(Object request) {
        List<FieldProblem> problems = validator.validate(request).stream()
                .sorted(Comparator.comparing((ConstraintViolation<Object> violation) ->
                        violation.getPropertyPath().toString()))
                .map(violation -> new FieldProblem(violation.getPropertyPath().toString(), violation.getMessage()))
                .toList();
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
    }
}
