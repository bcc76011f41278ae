package io.chaosplane.cli;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The control plane's REST API over the JDK's HTTP client, authenticated with the API key. Every answer that is not
 * a success becomes a {@link CliException} with the exit code it stands for, and the problem body's field errors.
 */
final class ApiClient {

    static final JsonMapper JSON = JsonMapper.builder().build();

    /** One field the server refused, as its problem body names it. */
    record FieldProblem(String field, String message) {}

    /** A refusal of the server: its status, its message and its field problems. */
    static final class ApiError extends CliException {

        private final int status;
        private final List<FieldProblem> problems;

        ApiError(int exitCode, int status, String message, List<FieldProblem> problems) {
            super(exitCode, message);
            this.status = status;
            this.problems = List.copyOf(problems);
        }

        int status() {
            return status;
        }

        List<FieldProblem> problems() {
            return problems;
        }
    }

    /** An answer: its status, body and the headers chaosctl reads. */
    record Response(int status, String body, HttpResponse<String> raw) {

        JsonNode json() {
            return body == null || body.isBlank() ? JSON.nullNode() : JSON.readTree(body);
        }

        Optional<String> header(String name) {
            return raw.headers().firstValue(name);
        }
    }

    private final HttpClient http;
    private final Connection connection;

    ApiClient(HttpClient http, Connection connection) {
        this.http = http;
        this.connection = connection;
    }

    static ApiClient of(Connection connection) {
        return new ApiClient(
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build(), connection);
    }

    Connection connection() {
        return connection;
    }

    JsonNode get(String path, Map<String, String> query) {
        return send("GET", path, query, null, null).json();
    }

    JsonNode get(String path) {
        return get(path, Map.of());
    }

    JsonNode post(String path) {
        return send("POST", path, Map.of(), null, null).json();
    }

    /** Sends the request; answers 2xx, throws {@link ApiError} for anything else. */
    Response send(String method, String path, Map<String, String> query, String body, String contentType) {
        return send(method, path, query, body, contentType, Map.of());
    }

    /** Sends the request with extra headers (an {@code Idempotency-Key}); as {@link #send(String, String, Map, String, String)}. */
    Response send(
            String method,
            String path,
            Map<String, String> query,
            String body,
            String contentType,
            Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path, query))
                .timeout(Duration.ofSeconds(60))
                .header("Accept", "application/json")
                .header("X-API-Key", connection.apiKey())
                .header("User-Agent", "chaosctl");
        headers.forEach(request::header);
        if (body != null) {
            request.header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> response = exchange(request.build());
        for (int attempt = 0; response.statusCode() == 429 && attempt < 3; attempt++) {
            long wait = response.headers()
                    .firstValue("Retry-After")
                    .map(Long::parseLong)
                    .orElse(5L);
            pause(Duration.ofSeconds(Math.min(wait, 30)));
            response = exchange(request.build());
        }
        if (response.statusCode() / 100 != 2) {
            throw error(response.statusCode(), response.body());
        }
        return new Response(response.statusCode(), response.body(), response);
    }

    private HttpResponse<String> exchange(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (ConnectException | HttpTimeoutException e) {
            throw new CliException(ExitCode.UNREACHABLE, "cannot reach " + connection.server() + ": " + describe(e), e);
        } catch (IOException e) {
            throw new CliException(
                    ExitCode.UNREACHABLE, "cannot talk to " + connection.server() + ": " + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCode.UNREACHABLE, "interrupted", e);
        }
    }

    private static String describe(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private URI uri(String path, Map<String, String> query) {
        Map<String, String> all = new LinkedHashMap<>();
        if (connection.organization() != null) {
            all.put("organizationIdentifier", connection.organization());
        }
        if (connection.project() != null) {
            all.put("projectIdentifier", connection.project());
        }
        all.putAll(query);
        StringBuilder uri = new StringBuilder(connection.server()).append(path);
        char separator = path.contains("?") ? '&' : '?';
        for (Map.Entry<String, String> parameter : all.entrySet()) {
            if (parameter.getValue() == null) {
                continue;
            }
            uri.append(separator)
                    .append(URLEncoder.encode(parameter.getKey(), StandardCharsets.UTF_8))
                    .append('=')
                    .append(URLEncoder.encode(parameter.getValue(), StandardCharsets.UTF_8));
            separator = '&';
        }
        try {
            return URI.create(uri.toString());
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCode.USAGE, "not a valid URL: " + uri, e);
        }
    }

    /** What a refusal means for the pipeline: a bad key is 5, a policy's refusal 4, bad input 2, a server fault 5. */
    static ApiError error(int status, String body) {
        JsonNode problem = parse(body);
        String message = text(problem, "detail", text(problem, "error", body == null ? "" : body.strip()));
        List<FieldProblem> problems = new ArrayList<>();
        JsonNode errors = problem.path("errors");
        if (errors.isArray()) {
            for (JsonNode error : errors) {
                problems.add(new FieldProblem(text(error, "field", ""), text(error, "message", "")));
            }
        }
        int exit;
        if (status == 401) {
            exit = ExitCode.UNREACHABLE;
            message = "the server refused the API key (401): " + message;
        } else if (status == 403 && problem.hasNonNull("policy")) {
            exit = ExitCode.STOPPED;
        } else if (status == 403) {
            exit = ExitCode.UNREACHABLE;
            message = "the API key may not do this (403): " + message;
        } else if (status >= 500) {
            exit = ExitCode.UNREACHABLE;
            message = "the server failed (" + status + "): " + message;
        } else {
            exit = ExitCode.USAGE;
        }
        return new ApiError(exit, status, message, problems);
    }

    private static JsonNode parse(String body) {
        try {
            return body == null || body.isBlank() ? JSON.nullNode() : JSON.readTree(body);
        } catch (RuntimeException e) {
            return JSON.nullNode();
        }
    }

    static String text(JsonNode node, String field, String otherwise) {
        JsonNode value = node.path(field);
        return value.isValueNode() && !value.isNull() ? value.asString() : otherwise;
    }

    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCode.UNREACHABLE, "interrupted", e);
        }
    }
}
