package io.chaosplane.logservice.line;

import io.chaosplane.protocol.ProtocolJson;
import io.chaosplane.protocol.logs.LogLine;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lines as rows of PostgreSQL's COPY text format, in the column order of {@code log_lines}: {@code day, stream_id,
 * pos, level, message, logged_at, args}. PostgreSQL text cannot hold NUL, so NUL becomes U+FFFD.
 */
final class CopyRows {

    static final String COLUMNS = "day, stream_id, pos, level, message, logged_at, args";
    private static final char REPLACEMENT = '\uFFFD';

    private CopyRows() {
    }

    /** The lines at their own positions. */
    static byte[] encode(StreamRef stream, List<LogLine> lines) {
        StringBuilder rows = new StringBuilder(lines.size() * 160);
        String prefix = prefix(stream);
        for (LogLine line : lines) {
            append(rows, prefix, line, line.pos());
        }
        return rows.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The lines at consecutive positions from {@code firstPos}, in list order. */
    static byte[] encodeFrom(StreamRef stream, List<LogLine> lines, long firstPos) {
        StringBuilder rows = new StringBuilder(lines.size() * 160);
        String prefix = prefix(stream);
        long pos = firstPos;
        for (LogLine line : lines) {
            append(rows, prefix, line, pos++);
        }
        return rows.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String prefix(StreamRef stream) {
        return stream.day() + "\t" + stream.id() + "\t";
    }

    private static void append(StringBuilder rows, String prefix, LogLine line, long pos) {
        rows.append(prefix).append(pos).append('\t');
        field(rows, line.level());
        rows.append('\t');
        field(rows, line.out() == null ? "" : line.out());
        rows.append('\t');
        field(rows, line.time() == null ? null : line.time().toString());
        rows.append('\t');
        field(rows, line.args() == null ? null : argsJson(line.args()));
        rows.append('\n');
    }

    private static void field(StringBuilder rows, String value) {
        if (value == null) {
            rows.append("\\N");
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> rows.append("\\\\");
                case '\n' -> rows.append("\\n");
                case '\r' -> rows.append("\\r");
                case '\t' -> rows.append("\\t");
                case '\0' -> rows.append(REPLACEMENT);
                default -> rows.append(c);
            }
        }
    }

    // jsonb refuses \u0000 too, so NUL is replaced before the map becomes JSON.
    private static String argsJson(Map<String, String> args) {
        boolean hasNul = false;
        for (Map.Entry<String, String> entry : args.entrySet()) {
            hasNul |= containsNul(entry.getKey()) || containsNul(entry.getValue());
        }
        if (!hasNul) {
            return ProtocolJson.mapper().writeValueAsString(args);
        }
        Map<String, String> clean = new LinkedHashMap<>();
        args.forEach((key, value) -> clean.put(withoutNul(key), withoutNul(value)));
        return ProtocolJson.mapper().writeValueAsString(clean);
    }

    private static boolean containsNul(String value) {
        return value != null && value.indexOf('\0') >= 0;
    }

    private static String withoutNul(String value) {
        return value == null ? null : value.replace('\0', REPLACEMENT);
    }
}
