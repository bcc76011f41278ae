package io.chaosplane.agent.linux.api;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A plain-HTTP proxy started for one API fault and stopped at its revert: it takes the connections the fault's
 * redirect sends it, forwards each request to the target port on this host, and disturbs the exchanges whose path
 * starts with the fault's path (all of them when none is given) as its {@link ApiFault.Kind} says. Its own
 * connections to the target leave from {@link #UPSTREAM_SOURCE}, which the redirect leaves alone.
 */
final class ApiProxy implements AutoCloseable {

    /** The source address of the proxy's connections to the target, exempt from the redirect. */
    static final String UPSTREAM_SOURCE = "127.77.53.2";

    /** Hop-by-hop headers and those the JDK's client sets itself and refuses to be given. */
    private static final Set<String> NOT_FORWARDED = Set.of(
            "connection",
            "content-length",
            "expect",
            "host",
            "keep-alive",
            "proxy-connection",
            "te",
            "trailer",
            "transfer-encoding",
            "upgrade",
            "http2-settings");

    private static final Duration UPSTREAM_TIMEOUT = Duration.ofSeconds(60);

    /** What the proxy does to a matching exchange. */
    record Disturbance(
            ApiFault.Kind kind,
            Optional<String> pathPrefix,
            Duration latency,
            int statusCode,
            String responseBody,
            String headerName,
            String headerValue) {}

    private final HttpServer server;
    private final ExecutorService executor;
    private final HttpClient client;
    private final int targetPort;
    private final Disturbance disturbance;

    ApiProxy(int targetPort, Disturbance disturbance) throws IOException {
        this.targetPort = targetPort;
        this.disturbance = disturbance;
        this.executor = Executors.newVirtualThreadPerTaskExecutor();
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .localAddress(InetAddress.getByName(UPSTREAM_SOURCE))
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10))
                .executor(executor)
                .build();
        // every address: the redirect of incoming traffic sends it to the address it arrived at
        this.server = HttpServer.create(new InetSocketAddress(0), 64);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            boolean disturbed = disturbance.pathPrefix().map(path::startsWith).orElse(true);
            if (disturbed && disturbance.kind() == ApiFault.Kind.BLOCK) {
                // closing without an answer: the client sees its connection dropped
                return;
            }
            if (disturbed && disturbance.kind() == ApiFault.Kind.LATENCY) {
                Thread.sleep(disturbance.latency());
            }
            HttpResponse<byte[]> response = forward(exchange);
            int status = response.statusCode();
            byte[] body = response.body();
            copyHeaders(response, exchange);
            if (disturbed) {
                switch (disturbance.kind()) {
                    case STATUS_CODE -> status = disturbance.statusCode();
                    case MODIFY_BODY -> body = disturbance.responseBody().getBytes(StandardCharsets.UTF_8);
                    case MODIFY_HEADER ->
                        exchange.getResponseHeaders().set(disturbance.headerName(), disturbance.headerValue());
                    default -> {}
                }
            }
            boolean noBody = exchange.getRequestMethod().equals("HEAD") || status == 204 || status == 304;
            exchange.sendResponseHeaders(status, noBody ? -1 : body.length == 0 ? -1 : body.length);
            if (!noBody && body.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the target or the client went away: the client's connection is closed with the exchange
        }
    }

    private HttpResponse<byte[]> forward(HttpExchange exchange) throws IOException, InterruptedException {
        byte[] requestBody;
        try (InputStream in = exchange.getRequestBody()) {
            requestBody = in.readAllBytes();
        }
        URI uri = URI.create(
                "http://127.0.0.1:" + targetPort + exchange.getRequestURI().toString());
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(UPSTREAM_TIMEOUT)
                .method(
                        exchange.getRequestMethod(),
                        requestBody.length == 0
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(requestBody));
        for (Map.Entry<String, List<String>> header :
                exchange.getRequestHeaders().entrySet()) {
            if (!NOT_FORWARDED.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                header.getValue().forEach(value -> request.header(header.getKey(), value));
            }
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static void copyHeaders(HttpResponse<byte[]> response, HttpExchange exchange) {
        response.headers().map().forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                exchange.getResponseHeaders().put(name, List.copyOf(values));
            }
        });
    }

    @Override
    public void close() {
        server.stop(0);
        client.close();
        executor.shutdownNow();
    }
}
