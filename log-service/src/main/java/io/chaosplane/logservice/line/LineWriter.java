package io.chaosplane.logservice.line;

import io.chaosplane.logservice.partition.Partitions;
import io.chaosplane.logservice.wakeup.StreamWakeups;
import io.chaosplane.protocol.logs.LogLine;
import io.chaosplane.service.web.ServiceUnavailableException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Group commit for log lines. Requests put their batches on a bounded queue and wait; writer threads drain it,
 * store everything they took in one transaction ({@link LineFlush}), commit, and only then answer the waiting
 * requests, so that a line acknowledged is a line committed. When the queue is full a request is refused at once
 * with 503 and {@code Retry-After} instead of piling up.
 *
 * <p>Stops after the web server has finished its in-flight requests and writes what is still queued first.
 */
@Component
public class LineWriter implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LineWriter.class);

    private final DataSource dataSource;
    private final Partitions partitions;
    private final StreamWakeups wakeups;
    private final WriterProperties properties;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final AtomicLong queuedLines = new AtomicLong();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final List<Thread> threads = new ArrayList<>();
    private final Counter ingested;
    private volatile boolean running;

    LineWriter(
            DataSource dataSource,
            Partitions partitions,
            StreamWakeups wakeups,
            WriterProperties properties,
            MeterRegistry registry) {
        this.dataSource = dataSource;
        this.partitions = partitions;
        this.wakeups = wakeups;
        this.properties = properties;
        this.ingested = Counter.builder("chaosplane.logs.lines.ingested")
                .description("log lines committed (a position sent again counts again)")
                .register(registry);
    }

    /** Stores the lines at their own positions; a position the stream already has keeps its first line. */
    public WriteOutcome write(StreamRef stream, List<LogLine> lines, long bytes) {
        // Encoding here spreads the work over the request threads; the writers only pass bytes on.
        return enqueueAndWait(Pending.atOwnPositions(stream, lines, CopyRows.encode(stream, lines), bytes));
    }

    /** Stores the lines after the stream's last position, in list order. */
    public WriteOutcome append(StreamRef stream, List<LogLine> lines, long bytes) {
        return enqueueAndWait(Pending.appended(stream, lines, bytes));
    }

    /** Lines accepted but not yet committed. */
    long queuedLines() {
        return queuedLines.get();
    }

    private WriteOutcome enqueueAndWait(Pending pending) {
        if (!running) {
            throw new ServiceUnavailableException(
                    "the log writer is stopping, try another replica", properties.retryAfter());
        }
        if (!reserve(pending)) {
            throw new ServiceUnavailableException(
                    "too many log lines waiting to be written, try again shortly", properties.retryAfter());
        }
        queue.add(pending);
        try {
            return pending.done().get(properties.ackTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new ServiceUnavailableException(
                    "the lines were not committed in time, send them again", properties.retryAfter());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ServiceUnavailableException unavailable) {
                throw unavailable;
            }
            throw new IllegalStateException("writing log lines failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceUnavailableException("interrupted while writing log lines", properties.retryAfter());
        }
    }

    // A batch larger than the whole queue still goes through when it finds the queue empty.
    private boolean reserve(Pending pending) {
        long lines = queuedLines.addAndGet(pending.lineCount());
        long bytes = queuedBytes.addAndGet(pending.bytes());
        if (lines > properties.queueLines() && lines != pending.lineCount()
                || bytes > properties.queueBytes().toBytes() && bytes != pending.bytes()) {
            release(pending);
            return false;
        }
        return true;
    }

    private void release(Pending pending) {
        queuedLines.addAndGet(-pending.lineCount());
        queuedBytes.addAndGet(-pending.bytes());
    }

    private void drain(int number) {
        LineFlush flush = new LineFlush(dataSource, partitions, ingested::increment);
        try {
            while (running || !queue.isEmpty()) {
                Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                List<Pending> taken = take(first);
                try {
                    List<Long> changed = flush.store(taken);
                    wakeups.announce(changed);
                } catch (SQLException | RuntimeException e) {
                    log.error("log writer {} could not store {} batches: {}", number, taken.size(), e.getMessage());
                    ServiceUnavailableException failure = new ServiceUnavailableException(
                            "log lines could not be stored, send them again", properties.retryAfter());
                    taken.forEach(pending -> pending.done().completeExceptionally(failure));
                } finally {
                    taken.forEach(this::release);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            flush.close();
        }
    }

    // Takes the first batch and whatever else arrives within the linger time, up to one transaction's worth.
    private List<Pending> take(Pending first) throws InterruptedException {
        List<Pending> taken = new ArrayList<>();
        taken.add(first);
        long lines = first.lineCount();
        long bytes = first.bytes();
        long deadline = System.nanoTime() + properties.linger().toNanos();
        while (lines < properties.flushLines()
                && bytes < properties.flushBytes().toBytes()) {
            Pending next = queue.poll();
            if (next == null) {
                long wait = deadline - System.nanoTime();
                next = wait > 0 ? queue.poll(wait, TimeUnit.NANOSECONDS) : null;
                if (next == null) {
                    break;
                }
            }
            taken.add(next);
            lines += next.lineCount();
            bytes += next.bytes();
        }
        return taken;
    }

    @Override
    public void start() {
        running = true;
        for (int i = 0; i < properties.threads(); i++) {
            int number = i + 1;
            Thread thread =
                    Thread.ofPlatform().name("log-writer-" + number).daemon().start(() -> drain(number));
            threads.add(thread);
        }
    }

    @Override
    public void stop() {
        running = false;
        Duration patience = properties.ackTimeout();
        for (Thread thread : threads) {
            try {
                if (!thread.join(patience)) {
                    log.warn("{} did not finish writing queued lines in {}", thread.getName(), patience);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        threads.clear();
        // Queued in the instant the writers stopped: answer now rather than when the request times out.
        ServiceUnavailableException stopped = new ServiceUnavailableException(
                "the log writer stopped, send the lines again", properties.retryAfter());
        for (Pending left = queue.poll(); left != null; left = queue.poll()) {
            left.done().completeExceptionally(stopped);
            release(left);
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Starts before and stops after the web server (and its graceful shutdown), whose requests wait on us. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }
}
