package io.chaosplane.logservice.stream;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.chaosplane.logservice.common.AccountScope;
import io.chaosplane.logservice.line.StreamRef;
import io.chaosplane.logservice.partition.Partitions;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

/**
 * The {@code log_streams} table. Where a stream's lines go never changes once it exists, so writers resolve it
 * from a cache instead of the database; whether the stream is still open is checked inside the writers'
 * transaction, and a stream removed meanwhile (by retention on another replica) is reported back and forgotten.
 */
@Component
public class StreamDirectory {

    // Enough for every stream being written at once by a large fleet; each entry is some 100 bytes.
    private static final int CACHED_STREAMS = 100_000;
    private static final String COLUMNS = "id, account_id, stream_key, created_day, created_at, closed_at";
    private static final RowMapper<StreamRow> ROW = StreamDirectory::row;

    private final JdbcTemplate jdbc;
    private final AccountScope scope;
    private final Partitions partitions;
    private final Clock clock;
    private final Cache<StreamName, StreamRef> refs = Caffeine.newBuilder()
            .maximumSize(CACHED_STREAMS)
            .expireAfterAccess(Duration.ofHours(6))
            .build();

    StreamDirectory(JdbcTemplate jdbc, AccountScope scope, Partitions partitions, Clock clock) {
        this.jdbc = jdbc;
        this.scope = scope;
        this.partitions = partitions;
        this.clock = clock;
    }

    record StreamName(String accountId, String key) {}

    record Opened(StreamRow stream, boolean created) {}

    /** Opens the stream, or finds it when it exists (open or closed). */
    Opened open(String accountId, String key) {
        for (int attempt = 0; ; attempt++) {
            Instant now = clock.instant();
            LocalDate day = LocalDate.ofInstant(now, ZoneOffset.UTC);
            partitions.ensure(day);
            List<StreamRow> created = scope.call(
                    accountId,
                    () -> jdbc.query(
                            "INSERT INTO log_streams (account_id, stream_key, created_day, created_at) "
                                    + "VALUES (?, ?, ?, ?) ON CONFLICT (account_id, stream_key) DO NOTHING RETURNING "
                                    + COLUMNS,
                            ROW,
                            accountId,
                            key,
                            day,
                            Timestamp.from(now)));
            Optional<StreamRow> stream = created.isEmpty() ? find(accountId, key) : Optional.of(created.getFirst());
            // Absent only when retention removed the existing row between the two statements: insert again.
            if (stream.isPresent() || attempt > 0) {
                StreamRow row =
                        stream.orElseThrow(() -> new IllegalStateException("stream vanished twice while opening"));
                refs.put(new StreamName(accountId, key), row.ref());
                return new Opened(row, !created.isEmpty());
            }
        }
    }

    /** Where to write the stream's lines; opens it when it does not exist yet. */
    StreamRef forWriting(String accountId, String key) {
        StreamName name = new StreamName(accountId, key);
        StreamRef ref = refs.getIfPresent(name);
        return ref != null ? ref : open(accountId, key).stream().ref();
    }

    void forget(String accountId, String key) {
        refs.invalidate(new StreamName(accountId, key));
    }

    Optional<StreamRow> find(String accountId, String key) {
        return scope.call(
                accountId,
                () -> jdbc
                        .query(
                                "SELECT " + COLUMNS + " FROM log_streams WHERE account_id = ? AND stream_key = ?",
                                ROW,
                                accountId,
                                key)
                        .stream()
                        .findFirst());
    }

    /** Closes the stream; a closed stream stays as it is. Empty when the stream does not exist. */
    Optional<StreamRow> close(String accountId, String key) {
        List<StreamRow> closed = scope.call(
                accountId,
                () -> jdbc.query(
                        "UPDATE log_streams SET closed_at = ? WHERE account_id = ? AND stream_key = ? "
                                + "AND closed_at IS NULL RETURNING " + COLUMNS,
                        ROW,
                        Timestamp.from(clock.instant()),
                        accountId,
                        key));
        return closed.isEmpty() ? find(accountId, key) : Optional.of(closed.getFirst());
    }

    /** Forgets the streams of days that retention removed. */
    public void forgetCreatedBefore(LocalDate day) {
        refs.asMap().values().removeIf(ref -> ref.day().isBefore(day));
    }

    private static StreamRow row(ResultSet rows, int number) throws SQLException {
        Timestamp closed = rows.getTimestamp("closed_at");
        return new StreamRow(
                rows.getLong("id"),
                rows.getString("account_id"),
                rows.getString("stream_key"),
                rows.getObject("created_day", LocalDate.class),
                rows.getTimestamp("created_at").toInstant(),
                closed == null ? null : closed.toInstant());
    }
}
