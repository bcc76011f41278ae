package io.chaosplane.service.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Query and form parameters are decoded before anything reads them: invalid percent-encoding or UTF-8 is 400 (the
 * container would otherwise throw from the first read, wherever that is), and so is a NUL in a name or a value,
 * which no query can carry to PostgreSQL. Names the parameter at fault.
 */
public class RequestParametersFilter extends OncePerRequestFilter {

    private final JsonMapper jsonMapper;

    public RequestParametersFilter(JsonMapper jsonMapper) {
        this.jsonMapper = jsonMapper;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Map<String, String[]> parameters;
        try {
            parameters = request.getParameterMap();
        } catch (IllegalStateException e) {
            String contentType = request.getContentType() == null ? "" : request.getContentType();
            if (contentType.startsWith(MediaType.MULTIPART_FORM_DATA_VALUE)) {
                // only the allow-listed upload routes get this far with one; the container could not parse it
                refuse(
                        request,
                        response,
                        List.of(new FieldProblem("body", "is not a readable multipart/form-data body")));
                return;
            }
            String where = contentType.startsWith(MediaType.APPLICATION_FORM_URLENCODED_VALUE) ? "form" : "query";
            refuse(
                    request,
                    response,
                    List.of(new FieldProblem(
                            where, "is not valid: a parameter has invalid percent-encoding or is not UTF-8")));
            return;
        }
        List<FieldProblem> problems = new ArrayList<>();
        parameters.forEach((name, values) -> {
            for (String value : values) {
                if (name.indexOf(0) >= 0 || value.indexOf(0) >= 0) {
                    problems.add(new FieldProblem(
                            name.replace("\0", "\\u0000"), "must not contain the NUL character (\\u0000)"));
                    break;
                }
            }
        });
        if (!problems.isEmpty()) {
            refuse(request, response, problems);
            return;
        }
        chain.doFilter(request, response);
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, List<FieldProblem> problems)
            throws IOException {
        ProblemResponses.write(
                response,
                jsonMapper,
                request.getRequestURI(),
                Problems.of(HttpStatus.BAD_REQUEST, FieldProblem.summary(problems), problems));
    }
}
