package io.chaosplane.logservice.stream;

import io.chaosplane.logservice.line.LineReader;
import io.chaosplane.logservice.line.LineReader.LinePage;
import io.chaosplane.logservice.line.LineWriter;
import io.chaosplane.logservice.line.StreamRef;
import io.chaosplane.logservice.line.WriteOutcome;
import io.chaosplane.logservice.stream.StreamDirectory.Opened;
import io.chaosplane.logservice.stream.StreamDtos.Appended;
import io.chaosplane.logservice.stream.StreamDtos.BlobStored;
import io.chaosplane.logservice.wakeup.StreamWakeups;
import io.chaosplane.protocol.logs.LogLine;
import io.chaosplane.service.web.ConflictException;
import io.chaosplane.service.web.InvalidInputException;
import io.chaosplane.service.web.NotFoundException;
import io.chaosplane.service.web.ServiceUnavailableException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.springframework.stereotype.Service;

/** Opening, writing, closing and reading streams. */
@Service
class LogStreamService {

    private final StreamDirectory directory;
    private final LineChecks checks;
    private final LineWriter writer;
    private final LineReader reader;
    private final StreamWakeups wakeups;
    private final Clock clock;

    LogStreamService(
            StreamDirectory directory,
            LineChecks checks,
            LineWriter writer,
            LineReader reader,
            StreamWakeups wakeups,
            Clock clock) {
        this.clock = clock;
        this.directory = directory;
        this.checks = checks;
        this.writer = writer;
        this.reader = reader;
        this.wakeups = wakeups;
    }

    /** Opening an open stream again is fine; a closed one stays closed (409). */
    Opened open(String accountId, String key) {
        Opened opened = directory.open(accountId, key);
        if (opened.stream().closed()) {
            throw closed(key);
        }
        return opened;
    }

    /**
     * Stores lines at their positions, skipping positions already stored. A stream never opened is opened here:
     * an agent whose open call was lost must not lose its lines.
     */
    Appended append(String accountId, String key, List<LogLine> lines) {
        long bytes = checks.checkPositioned(lines);
        WriteOutcome outcome = write(accountId, key, stream -> writer.write(stream, lines, bytes));
        return new Appended(true, outcome.lines());
    }

    /** Stores a whole log after the stream's last line (seed 001's alternative endpoint). */
    BlobStored appendBlob(String accountId, String key, List<LogLine> lines) {
        long bytes = checks.checkUnpositioned(lines);
        WriteOutcome outcome = write(accountId, key, stream -> writer.append(stream, lines, bytes));
        return outcome.lines() == 0
                ? new BlobStored(true, 0, null, null)
                : new BlobStored(true, outcome.lines(), outcome.firstPos(), outcome.lastPos());
    }

    /** Stores a plain-text log, one line per line of text, at level info and the time it arrived. */
    BlobStored appendText(String accountId, String key, String text) {
        if (text == null || text.isEmpty()) {
            throw InvalidInputException.of("body", "must not be empty");
        }
        Instant now = clock.instant();
        List<LogLine> lines = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            int next = end < 0 ? text.length() : end + 1;
            int stop = end < 0 ? text.length() : end;
            if (stop > start && text.charAt(stop - 1) == '\r') {
                stop--;
            }
            lines.add(new LogLine(LogLine.INFO, 0, text.substring(start, stop), now, null));
            start = next;
        }
        return appendBlob(accountId, key, lines);
    }

    private WriteOutcome write(String accountId, String key, Function<StreamRef, WriteOutcome> write) {
        WriteOutcome outcome = write.apply(directory.forWriting(accountId, key));
        if (outcome.status() == WriteOutcome.Status.MISSING) {
            // Removed by retention since we cached where it lives: open it afresh, as for a stream never opened.
            directory.forget(accountId, key);
            outcome = write.apply(directory.forWriting(accountId, key));
        }
        return switch (outcome.status()) {
            case STORED -> outcome;
            case CLOSED -> throw closed(key);
            case MISSING -> throw new ServiceUnavailableException("log stream '" + key + "' was removed while writing");
        };
    }

    /** Closing a closed stream is fine; one never opened is 404. */
    StreamRow close(String accountId, String key) {
        StreamRow row = directory.close(accountId, key).orElseThrow(() -> notFound(key));
        wakeups.announce(List.of(row.id()));
        return row;
    }

    LinePage read(String accountId, String key, long fromPos, int limit) {
        return reader.read(accountId, key, fromPos, limit).orElseThrow(() -> notFound(key));
    }

    /**
     * The answer that tells a writer to stop: {@code "stream":"closed"} in the problem body means no line of this
     * stream will ever be taken again, so an agent drops what it still holds for it (any other refusal it may retry).
     */
    private static ConflictException closed(String key) {
        return new StreamClosed(key);
    }

    private static final class StreamClosed extends ConflictException {

        StreamClosed(String key) {
            super("log stream '" + key + "' is closed");
        }

        @Override
        public Map<String, Object> details() {
            return Map.of("stream", "closed");
        }
    }

    private static NotFoundException notFound(String key) {
        return new NotFoundException("log stream '" + key + "' not found");
    }
}
