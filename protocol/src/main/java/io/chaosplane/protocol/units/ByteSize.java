package io.chaosplane.protocol.units;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An amount of memory or disk: absolute ({@code 256Mi}, {@code 1G}, {@code 1.5GiB}, {@code 4096}) or, where the input
 * allows it, relative to a whole the fault knows ({@code 50%} of total memory, of the filesystem).
 *
 * <p>Units follow Kubernetes quantities: {@code K M G T} (and {@code KB MB GB TB}) are powers of 1000, {@code Ki Mi
 * Gi Ti} (and {@code KiB MiB GiB TiB}) powers of 1024; letters are case-insensitive, a bare number is bytes.
 */
public record ByteSize(long bytes, Double percent) {

    private static final Pattern SYNTAX = Pattern.compile("(-?\\d+(?:\\.\\d+)?)\\s*([a-zA-Z]*|%)");

    public static ByteSize ofBytes(long bytes) {
        return new ByteSize(bytes, null);
    }

    public static ByteSize ofPercent(double percent) {
        return new ByteSize(0, percent);
    }

    public boolean isPercent() {
        return percent != null;
    }

    /** The size in bytes, resolving a percentage against {@code wholeBytes}. */
    public long resolve(long wholeBytes) {
        return isPercent() ? (long) (wholeBytes * percent / 100.0) : bytes;
    }

    /**
     * Parses a size; negative numbers parse so that a validator can say "must be positive".
     *
     * @throws IllegalArgumentException when the text is not a size
     */
    public static ByteSize parse(String text) {
        Matcher m = text == null ? null : SYNTAX.matcher(text.strip());
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a size such as 256Mi, 1G or 50%");
        }
        BigDecimal number = new BigDecimal(m.group(1));
        String unit = m.group(2);
        if (unit.equals("%")) {
            return ofPercent(number.doubleValue());
        }
        long multiplier = multiplier(unit, text);
        try {
            return ofBytes(number.multiply(BigDecimal.valueOf(multiplier))
                    .setScale(0, RoundingMode.CEILING)
                    .longValueExact());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("'" + text + "' is too large a size", e);
        }
    }

    private static long multiplier(String unit, String text) {
        return switch (unit.toUpperCase(Locale.ROOT)) {
            case "", "B" -> 1L;
            case "K", "KB" -> 1_000L;
            case "M", "MB" -> 1_000_000L;
            case "G", "GB" -> 1_000_000_000L;
            case "T", "TB" -> 1_000_000_000_000L;
            case "KI", "KIB" -> 1L << 10;
            case "MI", "MIB" -> 1L << 20;
            case "GI", "GIB" -> 1L << 30;
            case "TI", "TIB" -> 1L << 40;
            default ->
                throw new IllegalArgumentException(
                        "'" + text + "' has an unknown unit '" + unit + "' (use K, M, G, T or Ki, Mi, Gi, Ti)");
        };
    }

    @Override
    public String toString() {
        return isPercent() ? BigDecimal.valueOf(percent).stripTrailingZeros().toPlainString() + "%" : bytes + "B";
    }
}
