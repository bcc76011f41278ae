package io.chaosplane.agent.logs;

import io.chaosplane.agent.remote.LogStream;
import io.chaosplane.protocol.logs.LogLine;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * One task's execution log. Lines get consecutive {@code pos} numbers in the order they are written; the
 * {@link LogShipper} takes them away in batches. The log also keeps the merged text the result carries, bounded so that
 * a chatty probe cannot grow the agent's memory.
 */
public final class TaskLog implements ExecutionLog {

    static final int MAX_TEXT_CHARS = 256 * 1024;
    private static final System.Logger LOG = System.getLogger(TaskLog.class.getName());

    private final String taskName;
    private final String streamID;
    private final String accountID;
    private final Optional<LogStream> stream;
    private final Clock clock;
    private final Consumer<TaskLog> onBatchFull;
    private final int batchSize;
    /** Held while lines move from this log to the outbox, so that batches reach it in {@code pos} order. */
    final Object flushLock = new Object();

    private long nextPos;
    private final List<LogLine> pending = new ArrayList<>();
    private final Deque<String> text = new ArrayDeque<>();
    private int textChars;
    private int droppedTextLines;

    TaskLog(
            String taskName,
            String streamID,
            String accountID,
            Optional<LogStream> stream,
            Clock clock,
            int batchSize,
            long firstPos,
            Consumer<TaskLog> onBatchFull) {
        this.nextPos = firstPos;
        this.taskName = taskName;
        this.streamID = streamID;
        this.accountID = accountID;
        this.stream = stream;
        this.clock = clock;
        this.batchSize = batchSize;
        this.onBatchFull = onBatchFull;
    }

    @Override
    public void log(String level, String out, Map<String, String> args) {
        Map<String, String> sortedArgs = args == null || args.isEmpty() ? null : new TreeMap<>(args);
        LogLine line;
        boolean full;
        synchronized (this) {
            line = new LogLine(level, nextPos++, out, clock.instant(), sortedArgs);
            pending.add(line);
            appendText(line);
            full = pending.size() >= batchSize;
        }
        LOG.log(
                LogLine.ERROR.equals(level) ? System.Logger.Level.WARNING : System.Logger.Level.INFO,
                "{0}: {1}{2}",
                taskName,
                out,
                sortedArgs == null ? "" : " " + sortedArgs);
        if (full) {
            onBatchFull.accept(this);
        }
    }

    /** The merged text for the result's {@code logs} member. */
    public synchronized String text() {
        StringBuilder merged = new StringBuilder(textChars + 64);
        if (droppedTextLines > 0) {
            merged.append("[... ").append(droppedTextLines).append(" earlier lines left out ...]\n");
        }
        text.forEach(merged::append);
        return merged.toString();
    }

    String streamID() {
        return streamID;
    }

    String accountID() {
        return accountID;
    }

    Optional<LogStream> stream() {
        return stream;
    }

    /** The {@code pos} the next line gets. */
    synchronized long nextPos() {
        return nextPos;
    }

    /** Takes up to one batch of the lines not yet shipped. */
    synchronized List<LogLine> drain() {
        List<LogLine> batch = List.copyOf(pending.subList(0, Math.min(batchSize, pending.size())));
        pending.subList(0, batch.size()).clear();
        return batch;
    }

    private void appendText(LogLine line) {
        StringBuilder entry = new StringBuilder()
                .append("time=\"")
                .append(line.time())
                .append("\" level=")
                .append(line.level())
                .append(" msg=\"")
                .append(line.out())
                .append('"');
        if (line.args() != null) {
            line.args()
                    .forEach((key, value) ->
                            entry.append(' ').append(key).append('=').append(value));
        }
        String formatted = entry.append('\n').toString();
        text.addLast(formatted);
        textChars += formatted.length();
        while (textChars > MAX_TEXT_CHARS && text.size() > 1) {
            textChars -= text.removeFirst().length();
            droppedTextLines++;
        }
    }
}
