package io.chaosplane.logservice.line;

import io.chaosplane.protocol.logs.LogLine;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Lines as rows of PostgreSQL's COPY text format, in the order of {@link #COLUMNS}: {@code day, stream_id,
 * account_id, pos, level, message, logged_at, args}, written as UTF-8 straight into one buffer (this runs for every line the
 * service takes). PostgreSQL text cannot hold NUL and jsonb refuses {@code \u0000}, so NUL becomes U+FFFD, and so
 * does half a surrogate pair, which is no valid UTF-8.
 */
final class CopyRows {

    static final String COLUMNS = "day, stream_id, account_id, pos, level, message, logged_at, args";
    private static final byte[] NULL = {'\\', 'N'};
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private byte[] buffer;
    private int length;

    private CopyRows(int capacity) {
        buffer = new byte[capacity];
    }

    /** The encoded rows: {@code bytes()[0, length())}. */
    record Encoded(byte[] bytes, int length) {}

    /** The lines at their own positions. */
    static Encoded encode(StreamRef stream, List<LogLine> lines) {
        CopyRows rows = new CopyRows(estimate(lines));
        byte[] prefix = prefix(stream);
        for (LogLine line : lines) {
            rows.row(prefix, line, line.pos());
        }
        return new Encoded(rows.buffer, rows.length);
    }

    /** The lines at consecutive positions from {@code firstPos}, in list order. */
    static Encoded encodeFrom(StreamRef stream, List<LogLine> lines, long firstPos) {
        CopyRows rows = new CopyRows(estimate(lines));
        byte[] prefix = prefix(stream);
        long pos = firstPos;
        for (LogLine line : lines) {
            rows.row(prefix, line, pos++);
        }
        return new Encoded(rows.buffer, rows.length);
    }

    private static int estimate(List<LogLine> lines) {
        long estimate = 64;
        for (LogLine line : lines) {
            estimate += 96
                    + (line.out() == null ? 0 : line.out().length())
                    + (line.args() == null ? 0 : line.args().size() * 48L);
        }
        return (int) Math.min(estimate, Integer.MAX_VALUE - 16);
    }

    private static byte[] prefix(StreamRef stream) {
        CopyRows prefix = new CopyRows(64);
        prefix.ascii(stream.day() + "\t" + stream.id() + "\t");
        prefix.text(stream.accountId());
        prefix.tab();
        return Arrays.copyOf(prefix.buffer, prefix.length);
    }

    private void row(byte[] prefix, LogLine line, long pos) {
        ensure(prefix.length + 20);
        System.arraycopy(prefix, 0, buffer, length, prefix.length);
        length += prefix.length;
        ascii(Long.toString(pos));
        tab();
        text(line.level());
        tab();
        text(line.out() == null ? "" : line.out());
        tab();
        if (line.time() == null) {
            bytes(NULL);
        } else {
            time(line.time());
        }
        tab();
        if (line.args() == null) {
            bytes(NULL);
        } else {
            json(line.args());
        }
        ensure(1);
        buffer[length++] = '\n';
    }

    /** A text column: COPY's escapes for backslash, newline, carriage return and tab. */
    private void text(String value) {
        if (value == null) {
            bytes(NULL);
            return;
        }
        ensure(value.length() * 3 + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> escape('\\');
                case '\n' -> escape('n');
                case '\r' -> escape('r');
                case '\t' -> escape('t');
                default -> i = character(value, i, c);
            }
        }
    }

    /** The args as a JSON object; every backslash JSON needs is doubled again for COPY. */
    private void json(Map<String, String> args) {
        ensure(2);
        buffer[length++] = '{';
        boolean first = true;
        for (Map.Entry<String, String> entry : args.entrySet()) {
            if (!first) {
                ensure(1);
                buffer[length++] = ',';
            }
            first = false;
            jsonString(entry.getKey() == null ? "" : entry.getKey());
            ensure(1);
            buffer[length++] = ':';
            if (entry.getValue() == null) {
                ascii("null");
            } else {
                jsonString(entry.getValue());
            }
        }
        ensure(1);
        buffer[length++] = '}';
    }

    private void jsonString(String value) {
        ensure(value.length() * 7 + 4);
        buffer[length++] = '"';
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> jsonEscape('"');
                case '\\' -> jsonEscape('\\');
                case '\n' -> jsonEscape('n');
                case '\r' -> jsonEscape('r');
                case '\t' -> jsonEscape('t');
                case '\b' -> jsonEscape('b');
                case '\f' -> jsonEscape('f');
                default -> {
                    if (c > 0 && c < 0x20) {
                        // JSON's \\u00XX, with the backslash doubled for COPY
                        buffer[length++] = '\\';
                        buffer[length++] = '\\';
                        buffer[length++] = 'u';
                        buffer[length++] = '0';
                        buffer[length++] = '0';
                        buffer[length++] = HEX[c >> 4];
                        buffer[length++] = HEX[c & 0xf];
                    } else {
                        i = character(value, i, c);
                    }
                }
            }
        }
        buffer[length++] = '"';
    }

    // JSON's escape (a backslash and the letter), as COPY text: the backslash doubled.
    private void jsonEscape(char letter) {
        buffer[length++] = '\\';
        buffer[length++] = '\\';
        if (letter == '\\') {
            buffer[length++] = '\\';
            buffer[length++] = '\\';
        } else {
            buffer[length++] = (byte) letter;
        }
    }

    private void escape(char letter) {
        buffer[length++] = '\\';
        buffer[length++] = (byte) letter;
    }

    /** Writes the character at {@code i} as UTF-8 (room already ensured); answers the index of its last char. */
    private int character(String value, int i, char c) {
        if (c < 0x80 && c != 0) {
            buffer[length++] = (byte) c;
        } else if (c < 0x800 && c != 0) {
            buffer[length++] = (byte) (0xc0 | c >> 6);
            buffer[length++] = (byte) (0x80 | c & 0x3f);
        } else if (Character.isHighSurrogate(c)
                && i + 1 < value.length()
                && Character.isLowSurrogate(value.charAt(i + 1))) {
            int code = Character.toCodePoint(c, value.charAt(i + 1));
            buffer[length++] = (byte) (0xf0 | code >> 18);
            buffer[length++] = (byte) (0x80 | code >> 12 & 0x3f);
            buffer[length++] = (byte) (0x80 | code >> 6 & 0x3f);
            buffer[length++] = (byte) (0x80 | code & 0x3f);
            return i + 1;
        } else {
            char encoded = c == 0 || Character.isSurrogate(c) ? '\uFFFD' : c;
            buffer[length++] = (byte) (0xe0 | encoded >> 12);
            buffer[length++] = (byte) (0x80 | encoded >> 6 & 0x3f);
            buffer[length++] = (byte) (0x80 | encoded & 0x3f);
        }
        return i;
    }

    /** RFC 3339 in UTC, written without a formatter (it is every line's); odd years take the long way. */
    private void time(Instant time) {
        long seconds = time.getEpochSecond();
        LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(seconds, 86_400));
        if (date.getYear() < 1 || date.getYear() > 9999) {
            ascii(time.toString());
            return;
        }
        int secondOfDay = (int) Math.floorMod(seconds, 86_400);
        ensure(30);
        digits(date.getYear(), 4);
        buffer[length++] = '-';
        digits(date.getMonthValue(), 2);
        buffer[length++] = '-';
        digits(date.getDayOfMonth(), 2);
        buffer[length++] = 'T';
        digits(secondOfDay / 3_600, 2);
        buffer[length++] = ':';
        digits(secondOfDay / 60 % 60, 2);
        buffer[length++] = ':';
        digits(secondOfDay % 60, 2);
        if (time.getNano() > 0) {
            buffer[length++] = '.';
            digits(time.getNano(), 9);
        }
        buffer[length++] = 'Z';
    }

    private void digits(int value, int width) {
        for (int i = width - 1; i >= 0; i--) {
            buffer[length + i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        length += width;
    }

    private void ascii(String value) {
        ensure(value.length());
        for (int i = 0; i < value.length(); i++) {
            buffer[length++] = (byte) value.charAt(i);
        }
    }

    private void bytes(byte[] value) {
        ensure(value.length);
        System.arraycopy(value, 0, buffer, length, value.length);
        length += value.length;
    }

    private void tab() {
        ensure(1);
        buffer[length++] = '\t';
    }

    private void ensure(int more) {
        if (length + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
        }
    }
}
