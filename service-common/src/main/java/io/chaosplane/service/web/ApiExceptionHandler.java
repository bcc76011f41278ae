package io.chaosplane.service.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.validation.BindingResult;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.ValueInstantiationException;

/**
 * Turns every failure of a request into the product's problem body. Client errors are logged at WARN in one
 * line; anything else at ERROR with its stack trace, and the client sees only a generic message.
 */
@RestControllerAdvice
public class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(ApiException.class)
    ResponseEntity<Object> apiException(ApiException ex, WebRequest request) {
        List<FieldProblem> fields = ex instanceof InvalidInputException invalid ? invalid.fieldProblems() : List.of();
        HttpHeaders headers = new HttpHeaders();
        if (ex instanceof ServiceUnavailableException unavailable) {
            // whole seconds, at least one: Retry-After takes no fractions
            unavailable
                    .retryAfter()
                    .ifPresent(delay -> headers.set(
                            HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, (delay.toMillis() + 999) / 1000))));
        }
        ProblemDetail problem = Problems.of(ex.status(), ex.getMessage(), fields);
        ex.details().forEach(problem::setProperty);
        return respond(problem, headers, request);
    }

    /**
     * A multipart body (only the allow-listed upload routes get one through) that the container cannot parse: no
     * boundary, a part cut short. A body past the multipart limits is 413, by the handler for its own subclass.
     */
    @ExceptionHandler(MultipartException.class)
    ResponseEntity<Object> unreadableMultipart(MultipartException ex, WebRequest request) {
        return respond(
                invalid(List.of(new FieldProblem("body", "is not a readable multipart/form-data body"))),
                HttpHeaders.EMPTY,
                request);
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<Object> constraintViolation(ConstraintViolationException ex, WebRequest request) {
        List<FieldProblem> fields = ex.getConstraintViolations().stream()
                .map(violation ->
                        new FieldProblem(lastNode(violation.getPropertyPath().toString()), violation.getMessage()))
                .toList();
        return respond(invalid(fields), HttpHeaders.EMPTY, request);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Object> typeMismatch(MethodArgumentTypeMismatchException ex, WebRequest request) {
        return respond(
                invalid(List.of(new FieldProblem(ex.getName(), "invalid value '" + ex.getValue() + "'"))),
                HttpHeaders.EMPTY,
                request);
    }

    @ExceptionHandler({
        CannotGetJdbcConnectionException.class,
        CannotCreateTransactionException.class,
        DataAccessResourceFailureException.class,
        QueryTimeoutException.class
    })
    ResponseEntity<Object> databaseDown(Exception ex, WebRequest request) {
        log.error("database unavailable: {}", ex.getMessage());
        return respond(
                Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "database unavailable, try again later"),
                HttpHeaders.EMPTY,
                request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception ex, WebRequest request) {
        if (ex instanceof ErrorResponse errorResponse) {
            return respond(Problems.withSeedMembers(errorResponse.getBody()), errorResponse.getHeaders(), request);
        }
        log.error("unexpected failure of {}", describe(request), ex);
        return respond(Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "internal error"), HttpHeaders.EMPTY, request);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return respond(invalid(fieldProblems(ex.getBindingResult())), headers, request);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(
            HandlerMethodValidationException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldProblem> fields = new ArrayList<>();
        for (ParameterValidationResult result : ex.getParameterValidationResults()) {
            String name = result.getMethodParameter().getParameterName();
            for (MessageSourceResolvable error : result.getResolvableErrors()) {
                if (error instanceof org.springframework.validation.FieldError fieldError) {
                    fields.add(new FieldProblem(fieldError.getField(), fieldError.getDefaultMessage()));
                } else {
                    fields.add(new FieldProblem(name, error.getDefaultMessage()));
                }
            }
        }
        return respond(invalid(fields), headers, request);
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(
            MissingServletRequestParameterException ex,
            HttpHeaders headers,
            HttpStatusCode status,
            WebRequest request) {
        return respond(invalid(List.of(new FieldProblem(ex.getParameterName(), "is required"))), headers, request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        // what the body's reader refused on the way (too large, not storable text) says best itself what is wrong
        Optional<ApiException> refused = causeOfType(ex, ApiException.class);
        if (refused.isPresent()) {
            return apiException(refused.get(), request);
        }
        return respond(invalid(List.of(unreadableBody(ex))), headers, request);
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(
            Exception ex, Object body, HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
        ProblemDetail problem = body instanceof ProblemDetail detail
                ? Problems.withSeedMembers(detail)
                : Problems.of(statusCode, ex.getMessage());
        return respond(problem, headers, request);
    }

    static FieldProblem unreadableBody(HttpMessageNotReadableException ex) {
        Optional<DatabindException> databind = causeOfType(ex, DatabindException.class);
        if (databind.isPresent() && !databind.get().getPath().isEmpty()) {
            DatabindException cause = databind.get();
            String field = JsonPaths.describe(cause.getPath());
            if (cause instanceof InvalidFormatException format
                    && format.getTargetType() != null
                    && format.getTargetType().isEnum()) {
                return new FieldProblem(
                        field,
                        "invalid value '" + format.getValue() + "', expected one of "
                                + wireNames(format.getTargetType()));
            }
            if (cause instanceof InvalidFormatException format) {
                return new FieldProblem(field, "invalid value '" + format.getValue() + "'");
            }
            if (cause instanceof MismatchedInputException && !(cause instanceof ValueInstantiationException)) {
                return new FieldProblem(field, "has the wrong type or is missing");
            }
            // A value a type refused while being made from JSON says best itself what is wrong with it.
            return causeOfType(cause, IllegalArgumentException.class)
                    .map(refusal -> new FieldProblem(field, refusal.getMessage()))
                    .orElseGet(() -> new FieldProblem(field, "is invalid"));
        }
        if (causeOfType(ex, StreamReadException.class).isPresent()) {
            return new FieldProblem("body", "is not well-formed JSON or YAML");
        }
        return new FieldProblem("body", "is missing or unreadable");
    }

    /** An enum's values as JSON spells them: {@code [Running, Completed]}, not the constants' Java names. */
    private static List<String> wireNames(Class<?> enumType) {
        List<String> names = new ArrayList<>();
        for (Object constant : enumType.getEnumConstants()) {
            String name = ((Enum<?>) constant).name();
            try {
                JsonProperty property = enumType.getField(name).getAnnotation(JsonProperty.class);
                names.add(property != null && !property.value().isEmpty() ? property.value() : name);
            } catch (NoSuchFieldException e) {
                names.add(name);
            }
        }
        return names;
    }

    private static ProblemDetail invalid(List<FieldProblem> fields) {
        return Problems.of(HttpStatus.BAD_REQUEST, FieldProblem.summary(fields), fields);
    }

    private static List<FieldProblem> fieldProblems(BindingResult result) {
        List<FieldProblem> fields = new ArrayList<>();
        result.getFieldErrors()
                .forEach(error -> fields.add(new FieldProblem(
                        error.getField(),
                        error.isBindingFailure()
                                ? "invalid value '" + error.getRejectedValue() + "'"
                                : error.getDefaultMessage())));
        result.getGlobalErrors()
                .forEach(error -> fields.add(new FieldProblem(error.getObjectName(), error.getDefaultMessage())));
        return fields;
    }

    private ResponseEntity<Object> respond(ProblemDetail problem, HttpHeaders headers, WebRequest request) {
        if (request instanceof ServletWebRequest servlet) {
            Problems.at(problem, servlet.getRequest().getRequestURI());
        }
        if (problem.getStatus() >= 500) {
            log.warn("{} answered {}", describe(request), problem.getStatus());
        } else {
            log.warn("{} answered {}: {}", describe(request), problem.getStatus(), problem.getDetail());
        }
        return ResponseEntity.status(problem.getStatus())
                .headers(headers)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    private static String describe(WebRequest request) {
        if (request instanceof ServletWebRequest servlet) {
            HttpServletRequest http = servlet.getRequest();
            return http.getMethod() + " " + http.getRequestURI();
        }
        return request.getDescription(false);
    }

    private static String lastNode(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }

    static <T extends Throwable> Optional<T> causeOfType(Throwable ex, Class<T> type) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return Optional.of(type.cast(cause));
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return Optional.empty();
    }
}
