package io.chaosplane.logservice.line;

import io.chaosplane.protocol.logs.LogLine;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One request's batch waiting for a writer: either rows already encoded at the lines' own positions, or lines to
 * append after the stream's last position (their positions are only known inside the writer's transaction).
 */
record Pending(
        StreamRef stream,
        CopyRows.Encoded rows,
        List<LogLine> appendLines,
        int lineCount,
        long minPos,
        long maxPos,
        long bytes,
        CompletableFuture<WriteOutcome> done) {

    static Pending atOwnPositions(StreamRef stream, List<LogLine> lines, CopyRows.Encoded rows, long bytes) {
        long min = Long.MAX_VALUE;
        long max = -1;
        for (LogLine line : lines) {
            min = Math.min(min, line.pos());
            max = Math.max(max, line.pos());
        }
        return new Pending(
                stream, rows, null, lines.size(), lines.isEmpty() ? -1 : min, max, bytes, new CompletableFuture<>());
    }

    static Pending appended(StreamRef stream, List<LogLine> lines, long bytes) {
        return new Pending(stream, null, List.copyOf(lines), lines.size(), -1, -1, bytes, new CompletableFuture<>());
    }

    boolean appending() {
        return appendLines != null;
    }
}
