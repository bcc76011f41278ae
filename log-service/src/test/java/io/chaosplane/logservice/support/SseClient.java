package io.chaosplane.logservice.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Follows a Server-Sent Events response as a browser's EventSource would, collecting its events. */
public final class SseClient implements AutoCloseable {

    /** One event; {@code id} and {@code name} are null when the server sent none. */
    public record Event(String id, String name, String data) {}

    private static final Event END_OF_RESPONSE = new Event(null, "<eof>", null);

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final CompletableFuture<HttpResponse<Stream<String>>> response;
    private volatile Stream<String> lines;

    private SseClient(HttpClient http, HttpRequest request) {
        this.response = http.sendAsync(request, HttpResponse.BodyHandlers.ofLines());
        response.thenAcceptAsync(answer -> {
            lines = answer.body();
            String id = null;
            String name = null;
            StringBuilder data = null;
            try {
                for (String line : (Iterable<String>) lines::iterator) {
                    if (line.isEmpty()) {
                        if (data != null) {
                            events.add(new Event(id, name, data.toString()));
                        }
                        id = null;
                        name = null;
                        data = null;
                    } else if (line.startsWith("id:")) {
                        id = line.substring(3).strip();
                    } else if (line.startsWith("event:")) {
                        name = line.substring(6).strip();
                    } else if (line.startsWith("data:")) {
                        data = (data == null ? new StringBuilder() : data.append('\n'))
                                .append(line.substring(5).strip());
                    }
                }
            } catch (RuntimeException ignored) {
                // closed by the test
            }
            events.add(END_OF_RESPONSE);
        });
    }

    public static SseClient open(String url, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream");
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return new SseClient(HttpClient.newHttpClient(), request.GET().build());
    }

    /** The status of the response, once it started. */
    public int status() {
        return response.orTimeout(10, TimeUnit.SECONDS).join().statusCode();
    }

    /** The next event, or an assertion failure after the timeout. */
    public Event next(Duration timeout) throws InterruptedException {
        Event event = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (event == null) {
            throw new AssertionError("no event within " + timeout);
        }
        return event;
    }

    /** The next {@code count} events. */
    public List<Event> next(int count, Duration timeout) throws InterruptedException {
        List<Event> received = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (received.size() < count) {
            received.add(next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime()))));
        }
        return received;
    }

    /** Whether the server ended the response within the timeout (after all events were taken). */
    public boolean ended(Duration timeout) throws InterruptedException {
        Event event = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return event == END_OF_RESPONSE;
    }

    /** Whether nothing arrives for a while. */
    public boolean quietFor(Duration duration) throws InterruptedException {
        return events.poll(duration.toMillis(), TimeUnit.MILLISECONDS) == null;
    }

    @Override
    public void close() {
        response.cancel(true);
        Stream<String> body = lines;
        if (body != null) {
            body.close();
        }
    }
}
