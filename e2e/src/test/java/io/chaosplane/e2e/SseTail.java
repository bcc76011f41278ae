package io.chaosplane.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A run's log tail read through the control plane as a browser's EventSource reads it: the events as they arrive,
 * each with the instant it arrived.
 */
final class SseTail implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    record Event(String name, String data, Instant receivedAt) {

        JsonNode json() {
            return JSON.readTree(data);
        }
    }

    private final HttpClient http;
    private final HttpResponse<InputStream> response;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final Thread reader;
    private volatile String lastEventName;

    private SseTail(HttpClient http, HttpResponse<InputStream> response) {
        this.http = http;
        this.response = response;
        this.reader = Thread.ofVirtual().name("sse-tail").start(this::read);
    }

    /** Opens the tail; returns once the response's headers arrived. */
    static SseTail open(int port, String apiKey, String runId, String streamId, long fromPos) {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/runs/" + runId
                        + "/logs/tail?streamID=" + URLEncoder.encode(streamId, StandardCharsets.UTF_8) + "&fromPos="
                        + fromPos))
                .header("Authorization", "Bearer " + apiKey)
                .header("Accept", "text/event-stream")
                .header("Accept-Encoding", "gzip")
                .GET()
                .build();
        try {
            // bounded here rather than by the request's timeout, which the client may apply to the whole body
            return new SseTail(
                    http,
                    http.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream())
                            .get(10, TimeUnit.SECONDS));
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("no answer from the tail within 10 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    int status() {
        return response.statusCode();
    }

    String header(String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    /** The next event, or null when none came within {@code timeout} or the tail ended. */
    Event next(Duration timeout) throws InterruptedException {
        Event event = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return event == null || event.name() == null ? null : event;
    }

    String lastEventName() {
        return lastEventName;
    }

    private void read() {
        try (BufferedReader lines =
                new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String name = "message";
            StringBuilder data = new StringBuilder();
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isEmpty()) {
                    if (!data.isEmpty()) {
                        lastEventName = name;
                        events.add(new Event(name, data.toString(), Instant.now()));
                    }
                    name = "message";
                    data.setLength(0);
                } else if (line.startsWith("event:")) {
                    name = line.substring("event:".length()).trim();
                } else if (line.startsWith("data:")) {
                    if (!data.isEmpty()) {
                        data.append('\n');
                    }
                    data.append(line.substring("data:".length()).stripLeading());
                }
            }
        } catch (IOException e) {
            // closed by the test, or the server ended the tail
        } finally {
            events.add(new Event(null, null, Instant.now()));
        }
    }

    @Override
    public void close() throws IOException {
        response.body().close();
        reader.interrupt();
        http.close();
    }
}
