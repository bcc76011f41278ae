package io.chaosplane.controlplane.logs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;

/**
 * Relays log-service tails to browsers, one event at a time: each Server-Sent Event is sent (and flushed) as soon as
 * its closing blank line arrives from the log service, never held back to fill a buffer. Each relay reads on a virtual
 * thread of its own; it ends when the log service ends the tail, when the browser goes away (the upstream connection
 * is closed, which ends the log service's tail too), after the longest tail the log service keeps, or on shutdown.
 */
@Component
class TailRelays implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(TailRelays.class);

    /** The log service ends a tail after 30 minutes by default; the browser's EventSource then reconnects. */
    static final Duration LONGEST = Duration.ofMinutes(31);

    private final Set<Relay> relays = ConcurrentHashMap.newKeySet();
    private ExecutorService executor;
    private volatile boolean running;

    /** Starts relaying {@code upstream}, the log service's event stream; the emitter is the response's body. */
    ResponseBodyEmitter relay(InputStream upstream) {
        ResponseBodyEmitter emitter = new ResponseBodyEmitter(LONGEST.toMillis());
        Relay relay = new Relay(upstream, emitter);
        relays.add(relay);
        emitter.onCompletion(relay::stop);
        emitter.onTimeout(relay::stop);
        emitter.onError(error -> relay.stop());
        executor.execute(relay);
        return emitter;
    }

    @Override
    public void start() {
        executor = Executors.newVirtualThreadPerTaskExecutor();
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        // before the web server's graceful shutdown, which would otherwise wait for every tail to end
        relays.forEach(Relay::stop);
        executor.close();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private final class Relay implements Runnable {

        private final InputStream upstream;
        private final ResponseBodyEmitter emitter;

        Relay(InputStream upstream, ResponseBodyEmitter emitter) {
            this.upstream = upstream;
            this.emitter = emitter;
        }

        @Override
        public void run() {
            try (upstream) {
                EventReader events = new EventReader(upstream);
                for (byte[] event = events.next(); event != null; event = events.next()) {
                    emitter.send(event, MediaType.TEXT_EVENT_STREAM);
                }
            } catch (IOException | IllegalStateException e) {
                // the browser went away, the emitter timed out, or the log service ended the connection
                log.debug("log tail relay ended: {}", e.getMessage());
            } finally {
                complete();
                relays.remove(this);
            }
        }

        private void complete() {
            try {
                emitter.complete();
            } catch (IllegalStateException e) {
                // completed already
            }
        }

        /** Closing the upstream connection unblocks the read and ends the log service's tail as well. */
        void stop() {
            try {
                upstream.close();
            } catch (IOException e) {
                log.debug("closing a log tail: {}", e.getMessage());
            }
        }
    }

    /**
     * Cuts a Server-Sent Events byte stream into events: each ends with a blank line and is returned with it, bytes
     * untouched, so the browser gets exactly what the log service sent (ids, names, comments, retry).
     */
    static final class EventReader {

        private static final int MAX_EVENT_BYTES = 8 * 1024 * 1024;

        private final InputStream in;
        private final byte[] buffer = new byte[8192];
        private int length;
        private int position;

        EventReader(InputStream in) {
            this.in = in;
        }

        /** The next whole event with its terminating blank line, or null at the end of the stream. */
        byte[] next() throws IOException {
            ByteArrayOutputStream event = new ByteArrayOutputStream();
            int previous = -1;
            while (true) {
                if (position == length) {
                    // a read returns what has arrived, however little: nothing waits for a full buffer
                    length = in.read(buffer);
                    position = 0;
                    if (length < 0) {
                        length = 0;
                        return event.size() == 0 ? null : event.toByteArray();
                    }
                }
                int b = buffer[position++];
                if (b == '\r') {
                    continue; // CRLF and LF both end lines; the browser reads LF
                }
                event.write(b);
                if (b == '\n' && previous == '\n') {
                    return event.toByteArray();
                }
                if (event.size() > MAX_EVENT_BYTES) {
                    throw new IOException("an event of the log service's tail is over " + MAX_EVENT_BYTES + " bytes");
                }
                previous = b;
            }
        }
    }
}
