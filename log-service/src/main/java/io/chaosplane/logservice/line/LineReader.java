package io.chaosplane.logservice.line;

import io.chaosplane.logservice.common.AccountScope;
import io.chaosplane.protocol.ProtocolJson;
import io.chaosplane.protocol.logs.LogLine;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;

/**
 * Reads a stream's lines in position order together with whether it is closed, in one statement: one snapshot,
 * so "closed" and the lines agree (see {@link LineFlush} for why a closed stream's lines are all visible then).
 */
@Component
public class LineReader {

    private static final TypeReference<Map<String, String>> ARGS = new TypeReference<>() {};

    private final JdbcTemplate jdbc;
    private final AccountScope scope;

    LineReader(JdbcTemplate jdbc, AccountScope scope) {
        this.jdbc = jdbc;
        this.scope = scope;
    }

    /** Up to {@code limit} lines from position {@code fromPos} on, or empty when the stream does not exist. */
    public Optional<LinePage> read(String accountId, String key, long fromPos, int limit) {
        List<LogLine> lines = new ArrayList<>();
        boolean[] found = {false, false};
        long[] streamId = {0};
        scope.call(accountId, () -> {
            jdbc.query(
                    """
                SELECT s.id, s.closed_at IS NOT NULL AS closed, l.pos, l.level, l.message, l.logged_at, l.args::text
                FROM log_streams s
                LEFT JOIN LATERAL (
                    SELECT pos, level, message, logged_at, args FROM log_lines
                    WHERE day = s.created_day AND stream_id = s.id AND pos >= ?
                    ORDER BY pos LIMIT ?) l ON true
                WHERE s.account_id = ? AND s.stream_key = ?
                ORDER BY l.pos""",
                    rows -> {
                        found[0] = true;
                        streamId[0] = rows.getLong(1);
                        found[1] = rows.getBoolean(2);
                        long pos = rows.getLong(3);
                        if (!rows.wasNull()) {
                            Timestamp time = rows.getTimestamp(6);
                            String args = rows.getString(7);
                            lines.add(new LogLine(
                                    rows.getString(4),
                                    pos,
                                    rows.getString(5),
                                    time == null ? null : time.toInstant(),
                                    args == null ? null : ProtocolJson.mapper().readValue(args, ARGS)));
                        }
                    },
                    fromPos,
                    limit,
                    accountId,
                    key);
            return null;
        });
        return found[0] ? Optional.of(new LinePage(streamId[0], found[1], List.copyOf(lines))) : Optional.empty();
    }

    /** A page of lines; {@code closed} was true before the page was read if it is true here. */
    public record LinePage(long streamId, boolean closed, List<LogLine> lines) {

        /** Where the next page starts. */
        public long nextPos(long fromPos) {
            return lines.isEmpty() ? fromPos : lines.getLast().pos() + 1;
        }
    }
}
