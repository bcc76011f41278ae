package io.chaosplane.logservice.tail;

import io.chaosplane.logservice.line.LineReader;
import io.chaosplane.logservice.line.LineReader.LinePage;
import io.chaosplane.logservice.wakeup.StreamWakeups;
import io.chaosplane.protocol.logs.LogLine;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter.DataWithMediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * One browser following one stream: sends what is stored from a position on, then waits for news and sends what
 * came, until the stream is closed and every line was sent ({@code event: end}). Each line is an event
 * {@code line} whose id is its pos, so that a reconnecting EventSource resumes after the last line it got.
 *
 * <p>A stream not opened yet is waited for, since a browser may start following a run before its agent opens
 * the stream.
 */
final class TailSession implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(TailSession.class);
    private static final Duration RECONNECT = Duration.ofSeconds(1);

    private final SseEmitter emitter;
    private final LineReader reader;
    private final StreamWakeups wakeups;
    private final TailProperties properties;
    private final String accountId;
    private final String key;
    private long nextPos;
    private volatile boolean stopped;
    private volatile boolean waiting;
    private volatile Thread thread;

    TailSession(
            SseEmitter emitter,
            LineReader reader,
            StreamWakeups wakeups,
            TailProperties properties,
            String accountId,
            String key,
            long fromPos) {
        this.emitter = emitter;
        this.reader = reader;
        this.wakeups = wakeups;
        this.properties = properties;
        this.accountId = accountId;
        this.key = key;
        this.nextPos = fromPos;
    }

    @Override
    public void run() {
        thread = Thread.currentThread();
        StreamWakeups.Watch watch = null;
        long lastSent = System.nanoTime();
        try {
            // Commits the response at once, so the browser sees the tail open before any line exists; and asks it
            // to come back quickly when a replica ends the tail (shutdown, max duration).
            emitter.send(SseEmitter.event().reconnectTime(RECONNECT.toMillis()).comment("following " + key));
            while (!stopped) {
                Optional<LinePage> read = reader.read(accountId, key, nextPos, properties.pageLines());
                if (read.isPresent()) {
                    LinePage page = read.get();
                    if (watch == null) {
                        // Watch from now on, then read once more: news between the read and the watch is not lost.
                        watch = wakeups.watch(page.streamId());
                        continue;
                    }
                    if (!page.lines().isEmpty()) {
                        send(page);
                        lastSent = System.nanoTime();
                    }
                    if (page.lines().size() == properties.pageLines()) {
                        continue;
                    }
                    if (page.closed()) {
                        emitter.send(SseEmitter.event()
                                .name("end")
                                .data(Map.of("closed", true, "nextPos", nextPos), MediaType.APPLICATION_JSON));
                        emitter.complete();
                        return;
                    }
                }
                boolean news = waitForNews(watch);
                if (!news && Duration.ofNanos(System.nanoTime() - lastSent).compareTo(properties.heartbeat()) >= 0) {
                    emitter.send(SseEmitter.event().comment("keep-alive"));
                    lastSent = System.nanoTime();
                }
            }
        } catch (IOException | IllegalStateException e) {
            log.debug("tail of {} ended: the client went away", key);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // The database failed us: end the stream; the browser reconnects with Last-Event-ID and loses nothing.
            log.warn("tail of {} ended after a failure: {}", key, e.getMessage());
            emitter.complete();
        } finally {
            if (watch != null) {
                watch.close();
            }
        }
    }

    private void send(LinePage page) throws IOException {
        Set<DataWithMediaType> events = new LinkedHashSet<>();
        for (LogLine line : page.lines()) {
            events.addAll(SseEmitter.event()
                    .id(Long.toString(line.pos()))
                    .name("line")
                    .data(line, MediaType.APPLICATION_JSON)
                    .build());
        }
        emitter.send(events);
        nextPos = page.nextPos(nextPos);
    }

    private boolean waitForNews(StreamWakeups.Watch watch) throws InterruptedException {
        waiting = true;
        try {
            if (stopped) {
                return false;
            }
            if (watch != null) {
                return watch.await(properties.recheckInterval());
            }
            Thread.sleep(properties.recheckInterval());
            return false;
        } finally {
            waiting = false;
        }
    }

    /** Ends the tail: the browser went away, the tail ran out its time, or the service stops. */
    void stop() {
        stopped = true;
        Thread running = thread;
        // Only while it waits: interrupting a virtual thread in socket I/O would close a pooled connection.
        if (running != null && waiting) {
            running.interrupt();
        }
    }
}
