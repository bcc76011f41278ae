package io.chaosplane.agent.remote;

import io.chaosplane.protocol.logs.LogLine;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * Seed 001's log service over HTTP: open ({@code POST}), append ({@code PUT .../stream}) and close ({@code DELETE}),
 * each with {@code accountID} and {@code key} as query parameters and the task's {@code X-Harness-Token}.
 */
public final class HttpLogService implements LogService {

    private final JsonHttp http;
    private final Duration requestTimeout;

    public HttpLogService(Duration requestTimeout, String userAgent) {
        this(requestTimeout, userAgent, JsonHttp.defaultClient(Duration.ofSeconds(5)));
    }

    HttpLogService(Duration requestTimeout, String userAgent, HttpClient client) {
        this.http = new JsonHttp(client, userAgent);
        this.requestTimeout = requestTimeout;
    }

    @Override
    public void open(LogStream stream) {
        http.send(request(stream, "").POST(HttpRequest.BodyPublishers.noBody()).build(), "open of " + stream.key());
    }

    @Override
    public void append(LogStream stream, List<LogLine> lines) {
        http.send(request(stream, "/stream").PUT(JsonHttp.json(lines)).build(), "stream of " + stream.key());
    }

    @Override
    public void close(LogStream stream) {
        http.send(request(stream, "").DELETE().build(), "close of " + stream.key());
    }

    private HttpRequest.Builder request(LogStream stream, String path) {
        String base = stream.serviceUrl().toString().replaceAll("/+$", "");
        URI uri = URI.create(base + path + "?accountID=" + encode(stream.accountID()) + "&key=" + encode(stream.key()));
        return http.request(uri, requestTimeout)
                .header("Content-Type", "application/json")
                .header("X-Harness-Token", stream.token().value());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
