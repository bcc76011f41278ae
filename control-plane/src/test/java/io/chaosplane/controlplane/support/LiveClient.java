package io.chaosplane.controlplane.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A WebSocket client of {@code /api/v1/ws} that keeps every message it receives. */
public final class LiveClient implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final WebSocket socket;
    private final BlockingQueue<JsonNode> received;
    private final CompletableFuture<Integer> closedByServer;

    private LiveClient(WebSocket socket, BlockingQueue<JsonNode> received, CompletableFuture<Integer> closedByServer) {
        this.socket = socket;
        this.received = received;
        this.closedByServer = closedByServer;
    }

    public static LiveClient connect(int port, String apiKey) {
        return connect(port, apiKey, "");
    }

    public static LiveClient connect(int port, String apiKey, String query) {
        return connectWith(port, "X-API-Key", apiKey, query);
    }

    /** Connects with the given credential header (a person's {@code Authorization: Basic ...}, say). */
    public static LiveClient connectWith(int port, String header, String value, String query) {
        BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
        CompletableFuture<Integer> closedByServer = new CompletableFuture<>();
        WebSocket socket = HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .header(header, value)
                .buildAsync(URI.create("ws://localhost:" + port + "/api/v1/ws" + query), new WebSocket.Listener() {
                    private final StringBuilder partial = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        partial.append(data);
                        if (last) {
                            received.add(JSON.readTree(partial.toString()));
                            partial.setLength(0);
                        }
                        webSocket.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                        closedByServer.complete(statusCode);
                        return null;
                    }

                    @Override
                    public void onError(WebSocket webSocket, Throwable error) {
                        closedByServer.complete(-1);
                    }
                })
                .join();
        return new LiveClient(socket, received, closedByServer);
    }

    public void send(String message) {
        socket.sendText(message, true).join();
    }

    /** The next message, or null when none comes in time. */
    public JsonNode next(Duration timeout) throws InterruptedException {
        return received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Updates received until one has the phase, in order; fails when none comes in time. */
    public List<JsonNode> until(String phase, Duration timeout) throws InterruptedException {
        List<JsonNode> updates = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode message =
                    received.poll(Math.max(1, (deadline - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
            if (message == null) {
                break;
            }
            updates.add(message);
            if (message.has("phase") && phase.equals(message.get("phase").asString())) {
                return updates;
            }
        }
        throw new AssertionError("no update with phase " + phase + " within " + timeout + "; got " + updates);
    }

    /** The close code the server sent (-1: the connection broke), once it closed the connection. */
    public Integer closedByServer() {
        return closedByServer.getNow(null);
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
        }
    }
}
