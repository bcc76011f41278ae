package io.chaosplane.logservice.stream;

import io.chaosplane.logservice.line.StreamRef;
import java.time.Instant;
import java.time.LocalDate;

/** A row of {@code log_streams}. */
record StreamRow(long id, String accountId, String key, LocalDate day, Instant createdAt, Instant closedAt) {

    StreamRef ref() {
        return new StreamRef(id, accountId, day);
    }

    boolean closed() {
        return closedAt != null;
    }
}
