package io.chaosplane.controlplane.stopcondition;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A system under test on loopback: {@code /health} answers the status the test sets, {@code /metrics} a gauge the
 * test sets (Prometheus's text format); both count the requests they get.
 */
final class LocalTarget implements AutoCloseable {

    private final HttpServer server;
    private final AtomicInteger status = new AtomicInteger(200);
    private final AtomicInteger healthHits = new AtomicInteger();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final AtomicReference<String> gauge = new AtomicReference<>("0.01");

    private LocalTarget(HttpServer server) {
        this.server = server;
    }

    static LocalTarget start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        LocalTarget target = new LocalTarget(server);
        server.createContext("/health", exchange -> {
            target.healthHits.incrementAndGet();
            byte[] body = (target.status.get() == 200 ? "ok" : "down").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(target.status.get(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.createContext("/trickle", exchange -> {
            // headers and a first byte, then nothing until the test ends: a body that never finishes
            exchange.sendResponseHeaders(200, 0);
            exchange.getResponseBody().write('o');
            exchange.getResponseBody().flush();
            try {
                target.closed.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        server.createContext("/metrics", exchange -> {
            byte[] body = ("# TYPE checkout_error_ratio gauge\ncheckout_error_ratio " + target.gauge.get() + "\n")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return target;
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    String hostAndPort() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    void answer(int newStatus) {
        status.set(newStatus);
    }

    void gauge(String value) {
        gauge.set(value);
    }

    int healthHits() {
        return healthHits.get();
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
    }
}
