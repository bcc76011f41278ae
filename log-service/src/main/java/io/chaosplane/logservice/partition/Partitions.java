package io.chaosplane.logservice.partition;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The daily partitions of {@code log_lines} ({@code log_lines_pYYYYMMDD}, one per day of stream creation). Made
 * ahead of time by the maintenance job and, should one be missing, when a stream of that day is created; made and
 * dropped by the migrations' {@code SECURITY DEFINER} functions, since the service's role owns no table.
 */
@Component
public class Partitions {

    private static final Logger log = LoggerFactory.getLogger(Partitions.class);
    private static final DateTimeFormatter SUFFIX = DateTimeFormatter.ofPattern("yyyyMMdd");
    private static final String PREFIX = "log_lines_p";

    private final JdbcTemplate jdbc;
    // Days known to have a partition, so that creating a stream costs no DDL.
    private final Set<LocalDate> known = ConcurrentHashMap.newKeySet();

    Partitions(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void ensure(LocalDate day) {
        if (!known.contains(day)) {
            create(day);
            known.add(day);
        }
    }

    /** Checks the database again, after an insert found the day's partition missing. */
    public void recheck(LocalDate day) {
        known.remove(day);
        ensure(day);
    }

    public void ensureRange(LocalDate from, LocalDate to) {
        for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
            ensure(day);
        }
    }

    /** The days that have a partition, oldest first. */
    public List<LocalDate> existing() {
        List<LocalDate> days = new ArrayList<>();
        for (String name : jdbc.queryForList("""
                SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                WHERE i.inhparent = 'log_lines'::regclass ORDER BY c.relname""", String.class)) {
            if (name.startsWith(PREFIX)) {
                try {
                    days.add(LocalDate.parse(name.substring(PREFIX.length()), SUFFIX));
                } catch (DateTimeParseException e) {
                    log.warn("partition {} of log_lines does not follow the naming scheme; left alone", name);
                }
            }
        }
        return days;
    }

    /** Drops the day's partition with the given template, inside the caller's transaction. */
    public void drop(JdbcTemplate inTransaction, LocalDate day) {
        inTransaction.queryForObject("SELECT drop_log_partition(?)::text", String.class, day);
        known.remove(day);
    }

    private void create(LocalDate day) {
        try {
            // the tables' owner makes it, with its tenant policy (the service's role owns no table)
            jdbc.queryForObject("SELECT create_log_partition(?)::text", String.class, day);
        } catch (DataAccessException e) {
            // Another replica may have created it at the same moment; only a partition still missing is a failure.
            if (!existing().contains(day)) {
                throw e;
            }
        }
    }
}
