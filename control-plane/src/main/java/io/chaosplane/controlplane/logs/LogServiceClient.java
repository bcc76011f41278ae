package io.chaosplane.controlplane.logs;

import io.chaosplane.protocol.ProtocolJson;
import io.chaosplane.protocol.logs.LogLine;
import io.chaosplane.service.token.LogStreamTokens;
import io.chaosplane.service.token.LogStreamTokens.Permission;
import io.chaosplane.service.web.InvalidInputException;
import io.chaosplane.service.web.NotFoundException;
import io.chaosplane.service.web.ServiceUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/** The control plane's own calls to the log service, each with a token it mints for the one stream. */
class LogServiceClient {

    private static final Duration TOKEN_LIFETIME = Duration.ofMinutes(5);

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final LogServiceProperties properties;
    private final LogStreamTokens tokens;

    LogServiceClient(LogServiceProperties properties, LogStreamTokens tokens) {
        this.properties = properties;
        this.tokens = tokens;
    }

    /**
     * Stores lines. Lines an agent numbered ({@code pos} above 0) are stored idempotently at their positions; lines
     * without positions (seed 001's sample posts every line at {@code pos} 0) are appended after the stream's last.
     */
    void append(String accountId, String streamId, List<LogLine> lines) {
        boolean positioned = lines.stream().anyMatch(line -> line.pos() > 0);
        String body = ProtocolJson.mapper().writeValueAsString(lines);
        HttpRequest.Builder request = positioned
                ? request("/stream", accountId, streamId, Permission.WRITE)
                        .PUT(HttpRequest.BodyPublishers.ofString(body))
                : request("/blob", accountId, streamId, Permission.WRITE)
                        .POST(HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response =
                send(request.header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        int status = response.statusCode();
        if (status == 409) {
            // The stream is closed: the agent delivered these lines to the log service itself and closed it.
            return;
        }
        if (status >= 500) {
            throw new ServiceUnavailableException("the log service could not take the lines (" + status + ")");
        }
        if (status >= 300) {
            // refused for good (too large, malformed): the agent must not send them again
            throw InvalidInputException.of("logs", "the log service refused the lines (" + status + ")");
        }
    }

    /** Closes a stream, so that its tails end; closing twice is fine, and so is a stream never opened. */
    void close(String accountId, String streamId) {
        HttpResponse<String> response = send(
                request("", accountId, streamId, Permission.WRITE).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300 && response.statusCode() != 404) {
            throw new ServiceUnavailableException("the log service answered " + response.statusCode());
        }
    }

    /** A page of a stream's lines: the log service's JSON array, and whether the stream is closed. */
    record Page(String linesJson, boolean closed, long nextPos) {}

    Page read(String accountId, String streamId, long fromPos, int limit) {
        HttpResponse<String> response = send(
                request(
                                "/stream",
                                accountId,
                                streamId,
                                Permission.READ,
                                "fromPos",
                                Long.toString(fromPos),
                                "limit",
                                Integer.toString(limit))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 404) {
            return new Page("[]", false, fromPos);
        }
        if (response.statusCode() >= 300) {
            throw new ServiceUnavailableException("the log service answered " + response.statusCode());
        }
        return new Page(
                response.body(),
                Boolean.parseBoolean(
                        response.headers().firstValue("X-Stream-Closed").orElse("false")),
                response.headers().firstValueAsLong("X-Next-Pos").orElse(fromPos));
    }

    /** The stream's live tail, Server-Sent Events as the log service writes them. */
    InputStream tail(String accountId, String streamId, long fromPos) {
        HttpResponse<InputStream> response = send(
                request("/tail", accountId, streamId, Permission.READ, "fromPos", Long.toString(fromPos))
                        .timeout(Duration.ofMinutes(31))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() >= 300) {
            try (InputStream ignored = response.body()) {
                throw response.statusCode() == 404
                        ? new NotFoundException("stream '" + streamId + "' not found")
                        : new ServiceUnavailableException("the log service answered " + response.statusCode());
            } catch (IOException e) {
                throw new ServiceUnavailableException("the log service did not answer");
            }
        }
        return response.body();
    }

    private HttpRequest.Builder request(
            String path, String accountId, String streamId, Permission permission, String... query) {
        StringBuilder uri = new StringBuilder(properties.streamsUrl())
                .append(path)
                .append("?accountID=")
                .append(encode(accountId))
                .append("&key=")
                .append(encode(streamId));
        for (int i = 0; i < query.length; i += 2) {
            uri.append('&').append(query[i]).append('=').append(encode(query[i + 1]));
        }
        return HttpRequest.newBuilder(URI.create(uri.toString()))
                .timeout(Duration.ofSeconds(30))
                .header(LogStreamTokens.HEADER, tokens.mint(accountId, streamId, Set.of(permission), TOKEN_LIFETIME));
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(request, handler);
        } catch (IOException e) {
            throw new ServiceUnavailableException("the log service does not answer: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceUnavailableException("interrupted while calling the log service");
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
