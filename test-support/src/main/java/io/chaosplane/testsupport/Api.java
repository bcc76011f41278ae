package io.chaosplane.testsupport;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small HTTP client for tests that talks to a service on its real port, as scripts, agents and browsers do. Holds
 * cookies, so one instance (and the copies made from it) is one browser session. A body that is not a string is sent
 * as JSON.
 */
public class Api {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String baseUrl;
    private final HttpClient http;
    private final Map<String, String> defaultHeaders = new LinkedHashMap<>();

    public Api(int port) {
        this.baseUrl = "http://localhost:" + port;
        this.http = HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    private Api(Api other) {
        this.baseUrl = other.baseUrl;
        this.http = other.http;
        this.defaultHeaders.putAll(other.defaultHeaders);
    }

    /** The same server and session, with every request carrying the header. */
    public Api withHeader(String name, String value) {
        Api copy = new Api(this);
        copy.defaultHeaders.put(name, value);
        return copy;
    }

    /** The same server, with every request carrying the API key as a bearer token. */
    public Api withKey(String key) {
        return withHeader("Authorization", "Bearer " + key);
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

    public Response post(String path, Object body, String... headers) {
        return send("POST", path, body, "application/json", headers);
    }

    public Response put(String path, Object body, String... headers) {
        return send("PUT", path, body, "application/json", headers);
    }

    public Response postRaw(String path, String body, String contentType, String... headers) {
        return send("POST", path, body, contentType, headers);
    }

    public CompletableFuture<Response> putAsync(String path, Object body) {
        return http.sendAsync(
                        request("PUT", path, body, "application/json").build(), HttpResponse.BodyHandlers.ofString())
                .thenApply(Response::of);
    }

    public Response send(String method, String path, Object body, String contentType, String... headers) {
        HttpRequest.Builder request = request(method, path, body, contentType);
        for (int i = 0; i < headers.length; i += 2) {
            request.setHeader(headers[i], headers[i + 1]);
        }
        try {
            return Response.of(http.send(request.build(), HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpRequest.Builder request(String method, String path, Object body, String contentType) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(60));
        defaultHeaders.forEach(request::header);
        if (body == null) {
            return request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        String text = body instanceof String s ? s : JSON.writeValueAsString(body);
        return request.header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofString(text));
    }

    public record Response(int status, HttpResponse<String> raw, String text) {

        static Response of(HttpResponse<String> response) {
            return new Response(response.statusCode(), response, response.body());
        }

        public JsonNode json() {
            return JSON.readTree(text);
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        public String contentType() {
            return header("Content-Type");
        }

        @Override
        public String toString() {
            return status + " " + text;
        }
    }
}
