package io.chaosplane.logservice.line;

import io.chaosplane.logservice.common.AccountScope;
import io.chaosplane.logservice.partition.Partitions;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.DoubleConsumer;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * One writer's transaction: lock the streams of the batches taken, store their rows, commit, then answer every
 * batch.
 *
 * <p>Rows are COPYed into the connection's temporary staging table and moved with {@code INSERT ... ON CONFLICT DO
 * NOTHING}, so that a position already stored (an agent resending a batch) keeps its first line. PostgreSQL refuses
 * COPY into a table with row-level security for a role it binds, so the move is where the tenant policy checks every
 * row against the accounts of the transaction.
 *
 * <p>Streams are locked {@code FOR SHARE} (or {@code FOR UPDATE} when lines are appended after the last position,
 * which must not race another writer), in id order so that writers never deadlock. Closing a stream updates its
 * row, so a close waits for the writers holding it and every line committed before the close is visible to whoever
 * sees the stream closed: a tail that sees "closed" has seen all lines.
 */
final class LineFlush implements AutoCloseable {

    private static final String STAGING = "log_lines_staging";
    private static final String MISSING_PARTITION = "23514";

    private final DataSource dataSource;
    private final Partitions partitions;
    private final DoubleConsumer committedLines;
    private Connection connection;

    /** {@code committedLines} learns of each commit's lines before their senders are answered. */
    LineFlush(DataSource dataSource, Partitions partitions, DoubleConsumer committedLines) {
        this.dataSource = dataSource;
        this.partitions = partitions;
        this.committedLines = committedLines;
    }

    /** Stores the batches and answers them; returns the streams that received lines. */
    List<Long> store(List<Pending> batches) throws SQLException {
        try {
            return attempt(batches);
        } catch (SQLException e) {
            discardConnection();
            if (MISSING_PARTITION.equals(e.getSQLState())) {
                batches.forEach(pending -> partitions.recheck(pending.stream().day()));
            } else if (!worthRetrying(e)) {
                throw e;
            }
            return attempt(batches);
        }
    }

    private List<Long> attempt(List<Pending> batches) throws SQLException {
        Connection c = connection();
        try {
            Set<String> accounts = new TreeSet<>();
            batches.forEach(pending -> accounts.add(pending.stream().accountId()));
            AccountScope.set(c, accounts);
            Map<Long, Boolean> closedById = lockStreams(c, batches);
            Map<Long, Long> lastPos = lastPositionsOfAppendedStreams(c, batches, closedById);
            List<WriteOutcome> outcomes = new ArrayList<>(batches.size());
            List<CopyRows.Encoded> rows = new ArrayList<>(batches.size());
            Set<Long> changed = new TreeSet<>();
            for (Pending pending : batches) {
                WriteOutcome outcome =
                        prepare(pending, closedById.get(pending.stream().id()), lastPos, rows);
                if (outcome.lines() > 0) {
                    changed.add(pending.stream().id());
                }
                outcomes.add(outcome);
            }
            if (!rows.isEmpty()) {
                copy(c, STAGING, rows);
                try (Statement insert = c.createStatement()) {
                    insert.executeUpdate("INSERT INTO log_lines (" + CopyRows.COLUMNS + ") SELECT " + CopyRows.COLUMNS
                            + " FROM " + STAGING
                            + " ON CONFLICT DO NOTHING");
                }
            }
            c.commit();
            committedLines.accept(outcomes.stream()
                    .filter(outcome -> outcome.status() == WriteOutcome.Status.STORED)
                    .mapToLong(WriteOutcome::lines)
                    .sum());
            for (int i = 0; i < batches.size(); i++) {
                batches.get(i).done().complete(outcomes.get(i));
            }
            return List.copyOf(changed);
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly(c);
            throw e;
        }
    }

    /** What becomes of the batch, with its rows added to {@code rows} when it is stored. */
    private static WriteOutcome prepare(
            Pending pending, Boolean closed, Map<Long, Long> lastPos, List<CopyRows.Encoded> rows) {
        if (closed == null) {
            return WriteOutcome.MISSING;
        }
        if (closed) {
            return WriteOutcome.CLOSED;
        }
        long id = pending.stream().id();
        if (pending.appending()) {
            long first = lastPos.get(id) + 1;
            long last = first + pending.lineCount() - 1;
            rows.add(CopyRows.encodeFrom(pending.stream(), pending.appendLines(), first));
            lastPos.put(id, Math.max(last, lastPos.get(id)));
            return WriteOutcome.stored(pending.lineCount(), first, last);
        }
        if (pending.lineCount() > 0) {
            rows.add(pending.rows());
            lastPos.computeIfPresent(id, (key, known) -> Math.max(known, pending.maxPos()));
        }
        return WriteOutcome.stored(pending.lineCount(), pending.minPos(), pending.maxPos());
    }

    private static void copy(Connection c, String table, List<CopyRows.Encoded> rows) throws SQLException {
        CopyIn copy = c.unwrap(PGConnection.class)
                .getCopyAPI()
                .copyIn("COPY " + table + " (" + CopyRows.COLUMNS + ") FROM STDIN");
        try {
            for (CopyRows.Encoded encoded : rows) {
                copy.writeToCopy(encoded.bytes(), 0, encoded.length());
            }
            copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }

    private static Map<Long, Boolean> lockStreams(Connection c, List<Pending> batches) throws SQLException {
        Set<Long> ids = new TreeSet<>();
        boolean appending = false;
        for (Pending pending : batches) {
            ids.add(pending.stream().id());
            appending |= pending.appending();
        }
        Map<Long, Boolean> closedById = new HashMap<>();
        String lock = appending ? "FOR UPDATE" : "FOR SHARE";
        try (PreparedStatement select = c.prepareStatement(
                "SELECT id, closed_at IS NOT NULL FROM log_streams WHERE id = ANY (?) ORDER BY id " + lock)) {
            Array array = c.createArrayOf("bigint", ids.toArray());
            select.setArray(1, array);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    closedById.put(rows.getLong(1), rows.getBoolean(2));
                }
            }
            array.free();
        }
        return closedById;
    }

    // Before the COPY starts: no other statement may run on the connection while it is in progress.
    private static Map<Long, Long> lastPositionsOfAppendedStreams(
            Connection c, List<Pending> batches, Map<Long, Boolean> closedById) throws SQLException {
        Map<Long, Long> lastPos = new HashMap<>();
        for (Pending pending : batches) {
            StreamRef stream = pending.stream();
            if (!pending.appending()
                    || lastPos.containsKey(stream.id())
                    || !Boolean.FALSE.equals(closedById.get(stream.id()))) {
                continue;
            }
            try (PreparedStatement max =
                    c.prepareStatement("SELECT coalesce(max(pos), 0) FROM log_lines WHERE day = ? AND stream_id = ?")) {
                max.setObject(1, stream.day());
                max.setLong(2, stream.id());
                try (ResultSet rows = max.executeQuery()) {
                    rows.next();
                    lastPos.put(stream.id(), rows.getLong(1));
                }
            }
        }
        return lastPos;
    }

    private Connection connection() throws SQLException {
        if (connection == null) {
            Connection fresh = dataSource.getConnection();
            try {
                fresh.setAutoCommit(false);
                try (Statement create = fresh.createStatement()) {
                    create.execute(
                            "CREATE TEMP TABLE IF NOT EXISTS " + STAGING + " (LIKE log_lines) ON COMMIT DELETE ROWS");
                }
                fresh.commit();
            } catch (SQLException e) {
                fresh.close();
                throw e;
            }
            connection = fresh;
        }
        return connection;
    }

    // Connection trouble, a deadlock or a serialization failure: worth one more try on a fresh connection.
    private static boolean worthRetrying(SQLException e) {
        String state = e.getSQLState();
        return state == null || state.startsWith("08") || state.startsWith("40") || state.startsWith("57P");
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is discarded next
        }
    }

    private void discardConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // already broken
            }
            connection = null;
        }
    }

    @Override
    public void close() {
        discardConnection();
    }
}
