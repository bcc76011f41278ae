package io.chaosplane.discovery.upload;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

/**
 * A stand-in for the control plane's data endpoint on the JDK's HTTP server: it checks what every discovery upload
 * must carry (POST to {@code /servicediscovery/api/v1/agents/{agentID}/data}, {@code Authorization: Token <token>},
 * {@code Content-Encoding: gzip}, a body that really is gzip'd JSON) and answers 401 or 400 when it does not; else
 * the next status queued (201 when none is). It also answers the token exchange and the settings call.
 */
public final class DataServer implements AutoCloseable {

    /** One request as received, with its body un-gzip'd. */
    public record Received(String method, String path, String authorization, String encoding, String json) {}

    private final HttpServer server;
    private final String agentId;
    private final String token;
    private final Deque<Integer> statuses = new ArrayDeque<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();

    private volatile String installToken;
    private volatile String settings = "{}";

    /** Opens {@code POST .../token} once for this install token, answering the agent token and these settings. */
    public void exchangeOnce(String installToken, String settingsJson) {
        this.installToken = installToken;
        this.settings = settingsJson;
    }

    /** What {@code GET .../config} answers (the {@code AgentSettings} without the token). */
    public void settings(String settingsJson) {
        this.settings = settingsJson;
    }

    private boolean protocol(com.sun.net.httpserver.HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String base = "/servicediscovery/api/v1/agents/" + agentId;
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        String answer = null;
        int status;
        if (path.equals(base + "/token") && "POST".equals(exchange.getRequestMethod())) {
            if (installToken != null && ("Token " + installToken).equals(authorization)) {
                installToken = null;
                status = 201;
                answer = settings.replaceFirst("\\{", "{\"token\":\"" + token + "\",");
            } else {
                status = 401;
            }
        } else if (path.equals(base + "/config") && "GET".equals(exchange.getRequestMethod())) {
            status = ("Token " + token).equals(authorization) ? 200 : 401;
            answer = status == 200 ? settings : null;
        } else {
            return false;
        }
        received.add(new Received(exchange.getRequestMethod(), path, authorization, null, null));
        if (answer == null) {
            exchange.sendResponseHeaders(status, -1);
        } else {
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
        return true;
    }

    public DataServer(String agentId, String token) {
        this.agentId = agentId;
        this.token = token;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            if (protocol(exchange)) {
                return;
            }
            byte[] raw;
            try (InputStream in = exchange.getRequestBody()) {
                raw = in.readAllBytes();
            }
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
            String json;
            try (InputStream gunzip = new GZIPInputStream(new java.io.ByteArrayInputStream(raw))) {
                json = new String(gunzip.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException notGzip) {
                json = null;
            }
            received.add(new Received(
                    exchange.getRequestMethod(), exchange.getRequestURI().getPath(), authorization, encoding, json));
            int status;
            if (!exchange.getRequestURI().getPath().equals("/servicediscovery/api/v1/agents/" + agentId + "/data")) {
                status = 404;
            } else if (!("Token " + token).equals(authorization)) {
                status = 401;
            } else if (!"gzip".equals(encoding) || json == null || !"POST".equals(exchange.getRequestMethod())) {
                status = 400;
            } else {
                synchronized (statuses) {
                    status = statuses.isEmpty() ? 201 : statuses.poll();
                }
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    /** The statuses of the next well-formed uploads, in order. */
    public void answer(Integer... next) {
        synchronized (statuses) {
            statuses.addAll(List.of(next));
        }
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
