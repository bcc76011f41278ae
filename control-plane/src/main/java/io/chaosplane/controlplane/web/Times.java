package io.chaosplane.controlplane.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.springframework.stereotype.Component;

/**
 * Times as pages show them: relative ("3 min ago") with the absolute UTC time beside it for a tooltip. The page's
 * script keeps the relative text current; this renders it right the first time, also without scripts.
 */
@Component("times")
public class Times {

    private static final DateTimeFormatter ABSOLUTE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private final Clock clock;

    Times(Clock clock) {
        this.clock = clock;
    }

    public String absolute(Instant instant) {
        return instant == null ? "" : ABSOLUTE.format(instant);
    }

    public String iso(Instant instant) {
        return instant == null ? "" : instant.toString();
    }

    public String relative(Instant instant) {
        if (instant == null) {
            return "never";
        }
        Duration age = Duration.between(instant, clock.instant());
        boolean future = age.isNegative();
        long seconds = Math.abs(age.toSeconds());
        String amount;
        if (seconds < 45) {
            return future ? "in a few seconds" : "just now";
        } else if (seconds < 90 * 60) {
            amount = Math.max(1, Math.round(seconds / 60.0)) + " min";
        } else if (seconds < 36 * 3600) {
            amount = Math.round(seconds / 3600.0) + " h";
        } else {
            amount = Math.round(seconds / 86400.0) + " d";
        }
        return future ? "in " + amount : amount + " ago";
    }

    /** A run's or a fault's length, Go-style as the API writes durations: 42s, 3m05s, 1h02m. */
    public String between(Instant from, Instant to) {
        if (from == null) {
            return "";
        }
        long seconds = Math.max(
                0, Duration.between(from, to == null ? clock.instant() : to).toSeconds());
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return "%dm%02ds".formatted(seconds / 60, seconds % 60);
        }
        return "%dh%02dm".formatted(seconds / 3600, seconds % 3600 / 60);
    }
}
