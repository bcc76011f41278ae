package io.chaosplane.service.web;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * The servlet container's own error answers in the product's problem body instead of Tomcat's HTML page: requests
 * refused before any filter or controller runs (an encoded slash or {@code %00} in the path, invalid
 * percent-encoding, characters a URL cannot hold) and errors no error page took.
 */
final class ProblemErrorReportValve extends ErrorReportValve {

    private final JsonMapper jsonMapper;

    ProblemErrorReportValve(JsonMapper jsonMapper) {
        this.jsonMapper = jsonMapper;
        setShowReport(false);
        setShowServerInfo(false);
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        // as Tomcat's own: only an error, only once, only while nothing is written and the connection can take it
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(true);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        HttpStatusCode code = HttpStatusCode.valueOf(status);
        String message = code.value() == 400
                ? "malformed request: the path, query or headers are not valid (an encoded '/', '%00', invalid"
                        + " percent-encoding or characters a URL cannot hold)"
                : Problems.messageFor(code, request.getRequestURI());
        try {
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setCharacterEncoding("UTF-8");
            PrintWriter writer = response.getReporter();
            if (writer != null) {
                writer.write(jsonMapper.writeValueAsString(
                        Problems.toMap(Problems.at(Problems.of(code, message), request.getRequestURI()))));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client went away, or the response was taken over: there is nobody left to tell
        }
    }
}
