package io.chaosplane.e2e;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;

/** What the specs' HTTP probes check: {@code /healthy} answers 200, {@code /broken} 503, on a port of its own. */
final class ProbeTarget implements AutoCloseable {

    private final HttpServer server;

    private ProbeTarget(HttpServer server) {
        this.server = server;
    }

    static ProbeTarget start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/healthy", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.createContext("/broken", exchange -> {
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        server.start();
        return new ProbeTarget(server);
    }

    int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
