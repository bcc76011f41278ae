package io.chaosplane.service.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.json.JsonMapper;

/** Writes a problem body from a servlet filter, where no controller advice runs. */
public final class ProblemResponses {

    private ProblemResponses() {}

    public static void write(HttpServletResponse response, JsonMapper jsonMapper, String path, ProblemDetail problem)
            throws IOException {
        Problems.at(problem, path);
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        jsonMapper.writeValue(response.getOutputStream(), Problems.toMap(problem));
    }
}
