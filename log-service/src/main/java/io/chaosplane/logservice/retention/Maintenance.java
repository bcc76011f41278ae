package io.chaosplane.logservice.retention;

import io.chaosplane.logservice.partition.Partitions;
import io.chaosplane.logservice.stream.StreamDirectory;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Makes the coming days' partitions ahead of time and removes streams past their retention: their rows and whole
 * partitions of lines, which costs no vacuum. A stream lives in the partition of the day it was created, so a day
 * is removed once all of it is older than the retention. One replica at a time removes (an advisory lock); the
 * others skip that round.
 */
@Component
public class Maintenance {

    private static final Logger log = LoggerFactory.getLogger(Maintenance.class);
    // pg_try_advisory_xact_lock key shared by every replica: "cp-logs-retention" in a long
    private static final long RETENTION_LOCK = 0x63706c6f67726574L;

    private final Partitions partitions;
    private final StreamDirectory directory;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final TaskScheduler scheduler;
    private final Clock clock;
    private final RetentionProperties properties;

    Maintenance(
            Partitions partitions,
            StreamDirectory directory,
            JdbcTemplate jdbc,
            TransactionTemplate transaction,
            TaskScheduler scheduler,
            Clock clock,
            RetentionProperties properties) {
        this.partitions = partitions;
        this.directory = directory;
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.scheduler = scheduler;
        this.clock = clock;
        this.properties = properties;
    }

    /** What one round removed; {@code ran} is false when another replica held the lock. */
    public record Removed(boolean ran, int streams, List<LocalDate> days) {}

    @EventListener(ApplicationReadyEvent.class)
    void schedule() {
        scheduler.scheduleWithFixedDelay(this::runQuietly, clock.instant(), properties.maintenanceInterval());
    }

    private void runQuietly() {
        try {
            createAhead();
            Removed removed = removeExpired();
            if (!removed.days().isEmpty() || removed.streams() > 0) {
                log.info(
                        "retention removed {} log streams and the partitions of {}", removed.streams(), removed.days());
            }
        } catch (RuntimeException e) {
            log.warn(
                    "log maintenance failed, trying again in {}: {}", properties.maintenanceInterval(), e.getMessage());
        }
    }

    public void createAhead() {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        partitions.ensureRange(today, today.plusDays(properties.partitionsAhead()));
    }

    public Removed removeExpired() {
        LocalDate keepFrom = LocalDate.ofInstant(clock.instant().minus(properties.retention()), ZoneOffset.UTC);
        Removed removed = transaction.execute(status -> {
            if (!Boolean.TRUE.equals(
                    jdbc.queryForObject("SELECT pg_try_advisory_xact_lock(?)", Boolean.class, RETENTION_LOCK))) {
                return new Removed(false, 0, List.of());
            }
            // Dropping a partition briefly locks log_lines; give up rather than stall the writers behind us.
            jdbc.execute("SET LOCAL lock_timeout = '5s'");
            // every account's streams: the owner's function, outside row-level security
            Integer streams = jdbc.queryForObject("SELECT remove_log_streams_before(?)", Integer.class, keepFrom);
            List<LocalDate> days = new ArrayList<>();
            for (LocalDate day : partitions.existing()) {
                if (day.isBefore(keepFrom)) {
                    partitions.drop(jdbc, day);
                    days.add(day);
                }
            }
            return new Removed(true, streams, List.copyOf(days));
        });
        directory.forgetCreatedBefore(keepFrom);
        return removed;
    }
}
