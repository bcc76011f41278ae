package io.chaosplane.logservice.common;

import io.chaosplane.protocol.logs.LogLine;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * Reads a seed 001 log line straight off the parser. Lines are the hot path (a busy instance reads some 100,000 a
 * second): the generic record deserializer builds each one through a method handle and parses {@code time} with a
 * {@code DateTimeFormatter}, which together cost more than the rest of a request. Accepts what the generic one did
 * (unknown members skipped, scalars as text, numeric strings as {@code pos}); a value of the wrong kind fails with
 * its member in the path ({@code [3].pos}), so that the problem body names it. Read in the {@link PositionedLines}
 * view, a line without {@code pos} fails the same way.
 */
final class LogLineDeserializer extends ValueDeserializer<LogLine> {

    @Override
    public LogLine deserialize(JsonParser p, DeserializationContext ctxt) throws JacksonException {
        if (!p.isExpectedStartObjectToken()) {
            return (LogLine) ctxt.handleUnexpectedToken(LogLine.class, p);
        }
        String level = null;
        Long pos = null;
        String out = null;
        Instant time = null;
        Map<String, String> args = null;
        for (String name = p.nextName(); name != null; name = p.nextName()) {
            p.nextToken();
            try {
                switch (name) {
                    case "level" -> level = text(p, ctxt);
                    case "pos" -> pos = position(p);
                    case "out" -> out = text(p, ctxt);
                    case "time" -> time = instant(p);
                    case "args" -> args = args(p, ctxt);
                    default -> p.skipChildren();
                }
            } catch (JacksonException e) {
                throw JacksonException.wrapWithPath(e, LogLine.class, name);
            }
        }
        if (pos == null && ctxt.getActiveView() == PositionedLines.class) {
            throw JacksonException.wrapWithPath(
                    MismatchedInputException.from(p, Long.class, "pos is required: lines are kept by their position"),
                    LogLine.class,
                    "pos");
        }
        return new LogLine(level, pos == null ? 0 : pos, out, time, args);
    }

    private static String text(JsonParser p, DeserializationContext ctxt) throws JacksonException {
        JsonToken token = p.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token.isScalarValue()) {
            return p.getString();
        }
        return (String) ctxt.handleUnexpectedToken(String.class, p);
    }

    /** The line's position; null when it has none ({@code "pos": null}). */
    private static Long position(JsonParser p) throws JacksonException {
        JsonToken token = p.currentToken();
        if (token == JsonToken.VALUE_NUMBER_INT) {
            return p.getLongValue();
        }
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        String text = token.isScalarValue() ? p.getString() : token.asString();
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw InvalidFormatException.from(p, "not a position", text, Long.class);
        }
    }

    private static Instant instant(JsonParser p) throws JacksonException {
        JsonToken token = p.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        String text = token.isScalarValue() ? p.getString() : token.asString();
        Instant fast = token == JsonToken.VALUE_STRING ? parseUtc(text) : null;
        if (fast != null) {
            return fast;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeException | NullPointerException e) {
            throw InvalidFormatException.from(p, "not an RFC 3339 time", text, Instant.class);
        }
    }

    private static Map<String, String> args(JsonParser p, DeserializationContext ctxt) throws JacksonException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        if (p.currentToken() != JsonToken.START_OBJECT) {
            return asArgs(ctxt.handleUnexpectedToken(Map.class, p));
        }
        Map<String, String> args = new LinkedHashMap<>();
        for (String name = p.nextName(); name != null; name = p.nextName()) {
            p.nextToken();
            try {
                args.put(name, text(p, ctxt));
            } catch (JacksonException e) {
                throw JacksonException.wrapWithPath(e, Map.class, name);
            }
        }
        return args;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> asArgs(Object value) {
        return (Map<String, String>) value;
    }

    /**
     * {@code yyyy-MM-ddTHH:mm:ss[.fraction]Z}, the form agents send, without a formatter; anything else (offsets,
     * lower-case letters) is left to {@link Instant#parse}. Null when the text is not of this form or not a date.
     */
    static Instant parseUtc(String text) {
        int length = text.length();
        if (length < 20
                || length > 30
                || text.charAt(length - 1) != 'Z'
                || text.charAt(4) != '-'
                || text.charAt(7) != '-'
                || text.charAt(10) != 'T'
                || text.charAt(13) != ':'
                || text.charAt(16) != ':') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 7);
        int day = digits(text, 8, 10);
        int hour = digits(text, 11, 13);
        int minute = digits(text, 14, 16);
        int second = digits(text, 17, 19);
        int nanos = 0;
        if (length > 20) {
            if (text.charAt(19) != '.' || length == 21) {
                return null;
            }
            int fraction = digits(text, 20, length - 1);
            if (fraction < 0) {
                return null;
            }
            nanos = fraction;
            for (int i = length - 1 - 20; i < 9; i++) {
                nanos *= 10;
            }
        } else if (text.charAt(19) != 'Z') {
            return null;
        }
        if (year < 0
                || month < 0
                || day < 0
                || hour < 0
                || hour > 23
                || minute < 0
                || minute > 59
                || second < 0
                || second > 59) {
            return null;
        }
        try {
            long days = LocalDate.of(year, month, day).toEpochDay();
            return Instant.ofEpochSecond(days * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
