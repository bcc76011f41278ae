package io.chaosplane.controlplane.auth;

import static io.chaosplane.controlplane.common.SqlTimes.instant;
import static io.chaosplane.controlplane.common.SqlTimes.timestamp;

import io.chaosplane.controlplane.access.ResourceScope;
import io.chaosplane.controlplane.access.Role;
import io.chaosplane.service.web.Paging;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The {@code api_keys} of the current account (row-level security keeps the others out). */
@Component
class ApiKeyStore {

    private static final String COLUMNS = """
            id, account_id, name, description, role, org_identifier, project_identifier, key_prefix, created_by,
            created_at, expires_at, revoked_at, revoked_by, last_used_at""";

    private final JdbcClient jdbc;

    ApiKeyStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    ApiKey insert(ApiKey key, byte[] secretHash) {
        jdbc.sql("INSERT INTO api_keys (" + COLUMNS
                        + ", secret_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(
                        key.id(),
                        key.accountId(),
                        key.name(),
                        key.description(),
                        key.role().wireName(),
                        key.scope().organization(),
                        key.scope().project(),
                        key.keyPrefix(),
                        key.createdBy(),
                        timestamp(key.createdAt()),
                        timestamp(key.expiresAt()),
                        timestamp(key.revokedAt()),
                        key.revokedBy(),
                        timestamp(key.lastUsedAt()),
                        secretHash)
                .update();
        return key;
    }

    /** The account's keys, newest first. */
    List<ApiKey> findByAccountId(String accountId, Paging paging) {
        return jdbc.sql("SELECT " + COLUMNS
                        + " FROM api_keys WHERE account_id = ? ORDER BY created_at DESC, id LIMIT ? OFFSET ?")
                .params(accountId, paging.limit(), paging.offset())
                .query(ApiKeyStore::key)
                .list();
    }

    long countByAccountId(String accountId) {
        return jdbc.sql("SELECT count(*) FROM api_keys WHERE account_id = ?")
                .param(accountId)
                .query(Long.class)
                .single();
    }

    Optional<ApiKey> findByAccountIdAndId(String accountId, UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM api_keys WHERE account_id = ? AND id = ?")
                .params(accountId, id)
                .query(ApiKeyStore::key)
                .optional();
    }

    /** Revokes the key unless it is revoked already; answers whether this call revoked it. */
    boolean revoke(ApiKey key, String by, Instant now) {
        return jdbc.sql("""
                        UPDATE api_keys SET revoked_at = ?, revoked_by = ?
                         WHERE account_id = ? AND id = ? AND revoked_at IS NULL""")
                        .params(timestamp(now), by, key.accountId(), key.id())
                        .update()
                == 1;
    }

    /** Revokes every live key that the actor made in the account; answers their ids. */
    List<UUID> revokeMadeBy(String accountId, String createdBy, String by, Instant now) {
        return jdbc.sql("""
                        UPDATE api_keys SET revoked_at = ?, revoked_by = ?
                         WHERE account_id = ? AND created_by = ? AND revoked_at IS NULL
                        RETURNING id""")
                .params(timestamp(now), by, accountId, createdBy)
                .query(UUID.class)
                .list();
    }

    private static ApiKey key(ResultSet row, int rowNum) throws SQLException {
        return new ApiKey(
                row.getObject("id", UUID.class),
                row.getString("account_id"),
                row.getString("name"),
                row.getString("description"),
                Role.fromWire(row.getString("role")),
                new ResourceScope(row.getString("org_identifier"), row.getString("project_identifier")),
                row.getString("key_prefix"),
                row.getString("created_by"),
                instant(row, "created_at"),
                instant(row, "expires_at"),
                instant(row, "revoked_at"),
                row.getString("revoked_by"),
                instant(row, "last_used_at"));
    }
}
