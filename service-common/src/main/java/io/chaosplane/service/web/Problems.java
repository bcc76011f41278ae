package io.chaosplane.service.web;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/**
 * The product's one error body: an RFC 9457 problem that also carries seed 000's {@code error} and
 * {@code code} members, and {@code errors} with the fields at fault where there are any.
 */
public final class Problems {

    private Problems() {}

    public static ProblemDetail of(HttpStatusCode status, String message) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, message);
        return withSeedMembers(problem);
    }

    public static ProblemDetail of(HttpStatusCode status, String message, List<FieldProblem> fields) {
        ProblemDetail problem = of(status, message);
        if (!fields.isEmpty()) {
            problem.setProperty("errors", fields);
        }
        return problem;
    }

    /** Names the request's path as the problem's instance; a path that is no URI (a malformed one) is left out. */
    public static ProblemDetail at(ProblemDetail problem, String path) {
        if (problem.getInstance() == null && path != null) {
            try {
                problem.setInstance(URI.create(path));
            } catch (IllegalArgumentException e) {
                // the request was refused for its path: there is no instance to name
            }
        }
        return problem;
    }

    /** The message of an error no controller answered, by its status alone: never an exception's message. */
    public static String messageFor(HttpStatusCode status, String path) {
        HttpStatus known = HttpStatus.resolve(status.value());
        if (status.is5xxServerError() || known == null) {
            return status.is5xxServerError() ? "internal error" : "request refused";
        }
        return switch (known) {
            case NOT_FOUND -> "no such resource: " + (path == null ? "" : path);
            case METHOD_NOT_ALLOWED -> "method not allowed";
            case CONTENT_TOO_LARGE -> "request body too large";
            default -> known.getReasonPhrase().toLowerCase(Locale.ROOT);
        };
    }

    /** Adds {@code error} and {@code code} to a problem made elsewhere (by Spring MVC, say). */
    public static ProblemDetail withSeedMembers(ProblemDetail problem) {
        String message = problem.getDetail() != null ? problem.getDetail() : problem.getTitle();
        problem.setProperty("error", message);
        problem.setProperty("code", problem.getStatus());
        return problem;
    }

    /** The problem as the members written on the wire, for places that serialize without Spring's converters. */
    public static Map<String, Object> toMap(ProblemDetail problem) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(
                "type",
                problem.getType() == null ? "about:blank" : problem.getType().toString());
        body.put("title", problem.getTitle());
        body.put("status", problem.getStatus());
        body.put("detail", problem.getDetail());
        if (problem.getInstance() != null) {
            body.put("instance", problem.getInstance().toString());
        }
        if (problem.getProperties() != null) {
            body.putAll(problem.getProperties());
        }
        return body;
    }
}
