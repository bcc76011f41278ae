package io.chaosplane.agent.k8s;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/** {@code GET /healthz} on the manifest's port 8000, for the Deployment's liveness and readiness probes. */
final class HealthServer implements AutoCloseable {

    private final HttpServer server;

    HealthServer(int port, BooleanSupplier healthy) throws IOException {
        server = HttpServer.create(new InetSocketAddress(port), 0);
        server.createContext("/healthz", exchange -> {
            boolean ok = healthy.getAsBoolean();
            byte[] body = (ok ? "ok" : "starting").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(ok ? 200 : 503, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.setExecutor(null);
        server.start();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
