package io.chaosplane.controlplane.auth;

import java.sql.Array;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Remembers when each API key was last used and writes all of them every few seconds in one statement, so
 * that a busy key does not cost a write per request.
 */
@Component
class ApiKeyUsage {

    private static final Logger log = LoggerFactory.getLogger(ApiKeyUsage.class);

    private final Map<UUID, Instant> pending = new ConcurrentHashMap<>();
    private final JdbcTemplate jdbc;

    ApiKeyUsage(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void used(UUID keyId, Instant at) {
        pending.merge(keyId, at, (a, b) -> a.isAfter(b) ? a : b);
    }

    @Scheduled(fixedDelayString = "${chaosplane.api-keys.last-used-flush-interval:5s}")
    void flush() {
        if (pending.isEmpty()) {
            return;
        }
        Map<UUID, Instant> batch = Map.copyOf(pending);
        batch.forEach(pending::remove);
        UUID[] ids = batch.keySet().toArray(UUID[]::new);
        Timestamp[] times =
                batch.keySet().stream().map(id -> Timestamp.from(batch.get(id))).toArray(Timestamp[]::new);
        try {
            jdbc.execute((java.sql.Connection connection) -> {
                Array idArray = connection.createArrayOf("uuid", ids);
                Array timeArray = connection.createArrayOf("timestamptz", times);
                try (var statement = connection.prepareStatement("SELECT record_api_key_use(?, ?)")) {
                    statement.setArray(1, idArray);
                    statement.setArray(2, timeArray);
                    statement.execute();
                }
                return null;
            });
        } catch (RuntimeException e) {
            batch.forEach(this::used); // keep them for the next flush
            log.warn("could not record API key use, will retry: {}", e.getMessage());
        }
    }
}
