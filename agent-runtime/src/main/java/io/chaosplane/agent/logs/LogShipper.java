package io.chaosplane.agent.logs;

import io.chaosplane.agent.config.Secret;
import io.chaosplane.agent.outbox.Outbox;
import io.chaosplane.agent.outbox.OutboxEntry;
import io.chaosplane.agent.remote.LogStream;
import io.chaosplane.protocol.linux.Task;
import io.chaosplane.protocol.linux.TaskLogsRequest;
import io.chaosplane.protocol.logs.LogLine;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Moves tasks' log lines into the outbox in {@code pos}-ordered batches: each batch goes to the control plane
 * ({@code .../infra/logs}) and, when the task names a log service, to its stream there as well. Batches are cut when
 * a task has written {@code batchSize} lines or when {@link #flush()} runs (the agent calls it every second).
 *
 * <p>A task that ends for good closes its stream; one stopped for a pause leaves it open, and the attempt that the
 * resume hands out writes on in the same stream after the first attempt's last line.
 */
public final class LogShipper {

    private static final System.Logger LOG = System.getLogger(LogShipper.class.getName());

    private final Outbox outbox;
    private final Clock clock;
    private final int batchSize;
    private final Set<TaskLog> open = ConcurrentHashMap.newKeySet();

    private final PausedStreams paused;

    /**
     * @param pausedStreams a directory in the agent's state directory where the streams a pause left open are kept
     */
    public LogShipper(Outbox outbox, Clock clock, int batchSize, Path pausedStreams) {
        this.outbox = outbox;
        this.clock = clock;
        this.batchSize = batchSize;
        this.paused = new PausedStreams(pausedStreams, clock);
    }

    /** Starts a task's log, opening its log-service stream when the task names one. */
    public TaskLog open(Task task) {
        Optional<LogStream> stream = Optional.ofNullable(task.logServiceURL())
                .filter(url -> !url.isBlank()
                        && task.logToken() != null
                        && !task.logToken().isBlank())
                .map(url ->
                        new LogStream(URI.create(url), task.accountID(), task.streamID(), new Secret(task.logToken())));
        OptionalLong resumedAt = paused.resume(task.streamID());
        TaskLog log = new TaskLog(
                task.taskName(),
                task.streamID(),
                task.accountID(),
                stream,
                clock,
                batchSize,
                resumedAt.orElse(0),
                this::flush);
        // opening a stream that is open already changes nothing, and says nothing is lost if the first open was
        stream.ifPresent(s -> addQuietly(new OutboxEntry.StreamOpen(s)));
        open.add(log);
        if (resumedAt.isPresent()) {
            log.info("[Status]: Resumed after a pause: the log goes on from line " + resumedAt.getAsLong());
        }
        return log;
    }

    /** Ships every open log's waiting lines. */
    public void flush() {
        open.forEach(this::flush);
    }

    /** Ships a task's last lines and closes its stream. */
    public void close(TaskLog log) {
        open.remove(log);
        flush(log);
        log.stream().ifPresent(stream -> addQuietly(new OutboxEntry.StreamClose(stream)));
    }

    /**
     * Ships a paused task's last lines and leaves its stream open for the attempt that the resume hands out, which
     * {@link #open} starts where this one ended.
     */
    public void pause(TaskLog log) {
        open.remove(log);
        flush(log);
        try {
            paused.paused(log.streamID(), log.nextPos());
        } catch (UncheckedIOException e) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "cannot keep {0} open for the resume; its next attempt starts at line 0: {1}",
                    log.streamID(),
                    e.getMessage());
        }
    }

    private void addQuietly(OutboxEntry entry) {
        try {
            outbox.add(entry);
        } catch (UncheckedIOException e) {
            LOG.log(System.Logger.Level.WARNING, "dropped {0}: {1}", entry.kind(), e.getMessage());
        }
    }

    private void flush(TaskLog log) {
        synchronized (log.flushLock) {
            for (List<LogLine> batch = log.drain(); !batch.isEmpty(); batch = log.drain()) {
                try {
                    outbox.add(new OutboxEntry.Logs(new TaskLogsRequest(log.streamID(), log.accountID(), batch)));
                    List<LogLine> lines = batch;
                    log.stream().ifPresent(stream -> outbox.add(new OutboxEntry.StreamLines(stream, lines)));
                } catch (UncheckedIOException e) {
                    // a disk-fill fault may have taken the space; the task goes on, these lines are lost
                    LOG.log(
                            System.Logger.Level.WARNING,
                            "dropped {0} log lines of {1}: {2}",
                            batch.size(),
                            log.streamID(),
                            e.getMessage());
                }
            }
        }
    }
}
