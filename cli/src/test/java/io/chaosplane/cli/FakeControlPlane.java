package io.chaosplane.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A control plane that answers what a test tells it, on a loopback port: each "METHOD path" answers a status, a body
 * and headers; a path with several answers gives them in turn, the last one again and again. Requests are recorded.
 */
final class FakeControlPlane implements AutoCloseable {

    record Answer(int status, String body, Map<String, String> headers) {}

    record Request(String method, String path, String query, String body, String apiKey, Map<String, String> headers) {}

    private final HttpServer server;
    private final Map<String, List<Answer>> answers = new ConcurrentHashMap<>();
    final List<Request> requests = new CopyOnWriteArrayList<>();

    FakeControlPlane() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    FakeControlPlane on(String methodAndPath, int status, String body, Map<String, String> headers) {
        answers.computeIfAbsent(methodAndPath, key -> new CopyOnWriteArrayList<>())
                .add(new Answer(status, body, headers));
        return this;
    }

    FakeControlPlane on(String methodAndPath, int status, String body) {
        return on(methodAndPath, status, body, Map.of());
    }

    long count(String method, String path) {
        return requests.stream()
                .filter(request ->
                        request.method().equals(method) && request.path().equals(path))
                .count();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String path = exchange.getRequestURI().getPath();
        requests.add(new Request(
                exchange.getRequestMethod(),
                path,
                exchange.getRequestURI().getQuery(),
                body,
                exchange.getRequestHeaders().getFirst("X-API-Key"),
                firstValues(exchange)));
        List<Answer> queue = answers.get(exchange.getRequestMethod() + " " + path);
        Answer answer;
        if (queue == null || queue.isEmpty()) {
            answer = new Answer(404, "{\"status\":404,\"detail\":\"not found: " + path + "\"}", Map.of());
        } else {
            answer = queue.size() > 1 ? queue.removeFirst() : queue.getFirst();
        }
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    /** Each header's first value, by its name in lower case. */
    private static Map<String, String> firstValues(HttpExchange exchange) {
        Map<String, String> headers = new java.util.HashMap<>();
        exchange.getRequestHeaders()
                .forEach((name, values) -> headers.put(name.toLowerCase(java.util.Locale.ROOT), values.getFirst()));
        return Map.copyOf(headers);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
