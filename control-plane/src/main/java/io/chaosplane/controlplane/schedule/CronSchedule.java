package io.chaosplane.controlplane.schedule;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A five-field cron expression (minute, hour, day of month, month, day of week, as {@code 0 2 * * *}) read on the
 * wall clock of an IANA time zone. Plain Java: the occurrences are computed on the wall clock and placed in the zone
 * afterwards, which decides the daylight-saving edges: a wall time the spring change skips runs once, shifted
 * forward by the gap (02:30 becomes 03:30); a wall time the autumn change repeats runs once, at its first instant.
 */
final class CronSchedule {

    /** No test may run more often than this. */
    static final Duration MIN_INTERVAL = Duration.ofMinutes(5);

    private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    /** A wall-clock occurrence search that finds nothing within this many steps has no more occurrences. */
    private static final int MAX_STEPS = 10_000;

    private final String expression;
    private final ZoneId zone;
    private final ExecutionTime wallClock;

    private CronSchedule(String expression, ZoneId zone, ExecutionTime wallClock) {
        this.expression = expression;
        this.zone = zone;
        this.wallClock = wallClock;
    }

    /** Why an expression or a zone was refused, and which of the two. */
    static final class Invalid extends RuntimeException {
        private final String field;

        Invalid(String field, String message) {
            super(message);
            this.field = field;
        }

        String field() {
            return field;
        }
    }

    /**
     * The schedule, or {@link Invalid} naming {@code cron} (not five fields, not cron, never occurring, more often
     * than every 5 minutes) or {@code timezone} (not an IANA zone).
     */
    static CronSchedule parse(String expression, String timezone) {
        ZoneId zone = zone(timezone);
        if (expression == null || expression.isBlank()) {
            throw new Invalid("cron", "must not be blank");
        }
        String trimmed = expression.trim();
        if (trimmed.split("\\s+").length != 5) {
            throw new Invalid("cron", "must have five fields: minute hour day-of-month month day-of-week");
        }
        Cron cron;
        try {
            cron = PARSER.parse(trimmed).validate();
        } catch (IllegalArgumentException e) {
            throw new Invalid("cron", "is not a cron expression: " + e.getMessage());
        }
        CronSchedule schedule = new CronSchedule(trimmed, zone, ExecutionTime.forCron(cron));
        schedule.requireNotTooOften();
        return schedule;
    }

    private static ZoneId zone(String timezone) {
        if (timezone == null || timezone.isBlank()) {
            return ZoneId.of("UTC");
        }
        if (!ZoneId.getAvailableZoneIds().contains(timezone) && !"UTC".equals(timezone)) {
            throw new Invalid("timezone", "must be an IANA time zone such as Europe/Paris or UTC");
        }
        try {
            return ZoneId.of(timezone);
        } catch (DateTimeException e) {
            throw new Invalid("timezone", "must be an IANA time zone such as Europe/Paris or UTC");
        }
    }

    String expression() {
        return expression;
    }

    ZoneId zone() {
        return zone;
    }

    /** The first occurrence strictly after {@code after}, if the expression ever occurs again. */
    Optional<Instant> next(Instant after) {
        LocalDateTime wall = after.atZone(zone).toLocalDateTime();
        for (int step = 0; step < MAX_STEPS; step++) {
            Optional<LocalDateTime> nextWall = nextWall(wall);
            if (nextWall.isEmpty()) {
                return Optional.empty();
            }
            // ofLocal: a wall time in a gap moves forward by the gap; one in an overlap takes its earlier offset
            Instant candidate =
                    ZonedDateTime.ofLocal(nextWall.get(), zone, null).toInstant();
            if (candidate.isAfter(after)) {
                return Optional.of(candidate);
            }
            wall = nextWall.get(); // the wall time was already passed, as the second pass of a repeated hour
        }
        return Optional.empty();
    }

    /** The next {@code count} occurrences after {@code after}, fewer when the expression stops occurring. */
    List<Instant> next(Instant after, int count) {
        List<Instant> occurrences = new ArrayList<>(count);
        Instant from = after;
        while (occurrences.size() < count) {
            Optional<Instant> next = next(from);
            if (next.isEmpty()) {
                break;
            }
            occurrences.add(next.get());
            from = next.get();
        }
        return occurrences;
    }

    /** The next wall-clock time the fields match, computed on a zone without daylight saving. */
    private Optional<LocalDateTime> nextWall(LocalDateTime wall) {
        return wallClock.nextExecution(wall.atZone(ZoneOffset.UTC)).map(ZonedDateTime::toLocalDateTime);
    }

    /**
     * Refuses an expression with two occurrences closer than {@link #MIN_INTERVAL} on the wall clock. The minutes and
     * hours repeat every matching day, so one day's times and the step to the next day's first decide it (a cron that
     * allows only days far apart is judged as if they could follow each other: the safe side).
     */
    private void requireNotTooOften() {
        Cron everyDay = PARSER.parse(minuteAndHour(expression) + " * * *");
        ExecutionTime daily = ExecutionTime.forCron(everyDay);
        LocalDateTime start = LocalDate.of(2000, 1, 1).atStartOfDay().minusNanos(1);
        LocalDateTime end = start.plusDays(2);
        ZonedDateTime previous = null;
        ZonedDateTime current = start.atZone(ZoneOffset.UTC);
        boolean occurs = false;
        while (true) {
            Optional<ZonedDateTime> next = daily.nextExecution(current);
            if (next.isEmpty() || next.get().toLocalDateTime().isAfter(end)) {
                break;
            }
            occurs = true;
            if (previous != null && Duration.between(previous, next.get()).compareTo(MIN_INTERVAL) < 0) {
                throw new Invalid(
                        "cron",
                        "runs more often than every " + MIN_INTERVAL.toMinutes() + " minutes (" + previous.toLocalTime()
                                + " then " + next.get().toLocalTime() + ")");
            }
            previous = next.get();
            current = next.get();
        }
        if (!occurs || next(Instant.parse("2000-01-01T00:00:00Z")).isEmpty()) {
            throw new Invalid("cron", "never occurs");
        }
    }

    private static String minuteAndHour(String expression) {
        String[] fields = expression.split("\\s+");
        return fields[0] + " " + fields[1];
    }

    @Override
    public String toString() {
        return expression + " (" + zone + ")";
    }
}
