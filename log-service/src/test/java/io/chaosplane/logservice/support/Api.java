package io.chaosplane.logservice.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small HTTP client for tests that talks to the log service on its real port, as agents and browsers do. */
public class Api {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String baseUrl;
    private final HttpClient http;
    private final String token;

    public Api(int port) {
        this(
                "http://localhost:" + port,
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(),
                null);
    }

    private Api(String baseUrl, HttpClient http, String token) {
        this.baseUrl = baseUrl;
        this.http = http;
        this.token = token;
    }

    /** The same server, every request carrying the log token in {@code X-Harness-Token}. */
    public Api withToken(String token) {
        return new Api(baseUrl, http, token);
    }

    public String baseUrl() {
        return baseUrl;
    }

    public Response get(String path, String... headers) {
        return send("GET", path, null, null, headers);
    }

    public Response delete(String path, String... headers) {
        return send("DELETE", path, null, null, headers);
    }

    public Response post(String path, String json, String... headers) {
        return send("POST", path, json, json == null ? null : "application/json", headers);
    }

    public Response put(String path, String json, String... headers) {
        return send("PUT", path, json, "application/json", headers);
    }

    public CompletableFuture<Response> putAsync(String path, String json) {
        return http.sendAsync(
                        request("PUT", path, json, "application/json").build(), HttpResponse.BodyHandlers.ofString())
                .thenApply(response -> new Response(response.statusCode(), response, response.body()));
    }

    public Response send(String method, String path, String body, String contentType, String... headers) {
        HttpRequest.Builder request = request(method, path, body, contentType);
        for (int i = 0; i < headers.length; i += 2) {
            request.setHeader(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response, response.body());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpRequest.Builder request(String method, String path, String body, String contentType) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(60));
        if (token != null) {
            request.header("X-Harness-Token", token);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return request.method(
                method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    }

    public record Response(int status, HttpResponse<String> raw, String text) {

        public JsonNode json() {
            return JSON.readTree(text);
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        @Override
        public String toString() {
            return status + " " + text;
        }
    }
}
