package io.chaosplane.controlplane.analysis;

import io.chaosplane.controlplane.access.ProjectScope;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The badge tokens of projects (V44): made and revoked by admins, found by hash when a badge is fetched. */
@Repository
class BadgeTokens {

    record BadgeToken(
            UUID id, ProjectScope scope, String token, String createdBy, Instant createdAt, Instant revokedAt) {}

    /** What the definer function tells about a token before its account is known. */
    record Found(UUID id, ProjectScope scope, boolean revoked) {}

    private final JdbcClient jdbc;

    BadgeTokens(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(BadgeToken token, byte[] hash) {
        jdbc.sql("""
                        INSERT INTO badge_tokens (id, account_id, org_identifier, project_identifier, token,
                            token_hash, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(
                        token.id(),
                        token.scope().accountId(),
                        token.scope().organization(),
                        token.scope().project(),
                        token.token(),
                        hash,
                        token.createdBy(),
                        Timestamp.from(token.createdAt()))
                .update();
    }

    List<BadgeToken> list(ProjectScope scope) {
        return jdbc.sql("""
                        SELECT id, token, created_by, created_at, revoked_at FROM badge_tokens
                         WHERE account_id = ? AND org_identifier = ? AND project_identifier = ?
                         ORDER BY created_at DESC, id""")
                .params(scope.accountId(), scope.organization(), scope.project())
                .query((rs, n) -> new BadgeToken(
                        rs.getObject("id", UUID.class),
                        scope,
                        rs.getString("token"),
                        rs.getString("created_by"),
                        rs.getTimestamp("created_at").toInstant(),
                        rs.getTimestamp("revoked_at") == null
                                ? null
                                : rs.getTimestamp("revoked_at").toInstant()))
                .list();
    }

    /** Revokes a token of the project; answers whether one was there (revoked already or not). */
    boolean revoke(ProjectScope scope, UUID id, Instant now) {
        return jdbc.sql("""
                        UPDATE badge_tokens SET revoked_at = coalesce(revoked_at, ?)
                         WHERE account_id = ? AND org_identifier = ? AND project_identifier = ? AND id = ?""")
                        .params(Timestamp.from(now), scope.accountId(), scope.organization(), scope.project(), id)
                        .update()
                == 1;
    }

    Optional<Found> findByHash(byte[] hash) {
        return jdbc.sql("SELECT * FROM badge_token_by_hash(?)")
                .param(hash)
                .query((rs, n) -> new Found(
                        rs.getObject("id", UUID.class),
                        new ProjectScope(
                                rs.getString("account_id"),
                                rs.getString("org_identifier"),
                                rs.getString("project_identifier")),
                        rs.getTimestamp("revoked_at") != null))
                .optional();
    }
}
