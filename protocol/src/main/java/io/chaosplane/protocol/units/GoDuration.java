package io.chaosplane.protocol.units;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Go-style durations, the product's one duration syntax: {@code 30s}, {@code 11m35s}, {@code 1h}, {@code 500ms},
 * {@code 1.5s}. A bare number counts as seconds, as fault inputs written for LitmusChaos use them.
 */
public final class GoDuration {

    private static final Pattern WHOLE = Pattern.compile("([+-]?)((?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:ns|us|µs|ms|s|m|h))+");
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h)");
    private static final Pattern BARE_SECONDS = Pattern.compile("[+-]?\\d+(?:\\.\\d+)?");

    private GoDuration() {}

    /**
     * Parses a duration; negative values parse (so that a validator can say "must be positive" rather than "bad
     * syntax").
     *
     * @throws IllegalArgumentException when the text is not a duration
     */
    public static Duration parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty duration");
        }
        String value = text.strip();
        if (BARE_SECONDS.matcher(value).matches()) {
            return nanos(new BigDecimal(value).multiply(BigDecimal.valueOf(1_000_000_000L)), text);
        }
        Matcher whole = WHOLE.matcher(value);
        if (!whole.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration such as 30s, 1m30s or 500ms");
        }
        BigDecimal totalNanos = BigDecimal.ZERO;
        Matcher part = PART.matcher(value);
        while (part.find()) {
            totalNanos = totalNanos.add(new BigDecimal(part.group(1)).multiply(nanosPerUnit(part.group(2))));
        }
        return nanos(value.startsWith("-") ? totalNanos.negate() : totalNanos, text);
    }

    /** Writes a duration the way Go prints it: {@code 1h2m3s}, {@code 1.5s}, {@code 250ms}, {@code 0s}. */
    public static String format(Duration duration) {
        if (duration.isZero()) {
            return "0s";
        }
        StringBuilder out = new StringBuilder(duration.isNegative() ? "-" : "");
        Duration rest = duration.abs();
        if (rest.compareTo(Duration.ofSeconds(1)) < 0) {
            long nanos = rest.toNanos();
            if (nanos % 1_000_000 == 0) {
                return out.append(nanos / 1_000_000).append("ms").toString();
            }
            return out.append(nanos % 1000 == 0 ? nanos / 1000 + "us" : nanos + "ns")
                    .toString();
        }
        if (rest.toHours() > 0) {
            out.append(rest.toHours()).append('h');
        }
        if (rest.toHours() > 0 || rest.toMinutesPart() > 0) {
            out.append(rest.toMinutesPart()).append('m');
        }
        BigDecimal seconds = BigDecimal.valueOf(rest.toSecondsPart())
                .add(BigDecimal.valueOf(rest.toNanosPart(), 9))
                .stripTrailingZeros();
        return out.append(seconds.toPlainString()).append('s').toString();
    }

    private static BigDecimal nanosPerUnit(String unit) {
        return BigDecimal.valueOf(
                switch (unit) {
                    case "ns" -> 1L;
                    case "us", "µs" -> 1_000L;
                    case "ms" -> 1_000_000L;
                    case "s" -> 1_000_000_000L;
                    case "m" -> 60_000_000_000L;
                    case "h" -> 3_600_000_000_000L;
                    default -> throw new IllegalArgumentException("unknown unit " + unit);
                });
    }

    private static Duration nanos(BigDecimal nanos, String text) {
        try {
            return Duration.ofNanos(nanos.longValueExact());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("'" + text + "' is too long a duration or too precise", e);
        }
    }
}
