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

/** The {@code invitations} of the current account, and the one look-up by token that crosses accounts. */
@Component
class InvitationStore {

    private static final String COLUMNS = """
            id, account_id, email, role, org_identifier, project_identifier, invited_by, created_at, expires_at,
            accepted_at, revoked_at""";

    /** An invitation found by its link, with the name of its account, before that account is the tenant. */
    record ByToken(Invitation invitation, String accountName) {}

    private final JdbcClient jdbc;

    InvitationStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Invitation insert(Invitation invitation, byte[] tokenHash) {
        jdbc.sql("INSERT INTO invitations (" + COLUMNS + ", token_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(
                        invitation.id(),
                        invitation.accountId(),
                        invitation.email(),
                        invitation.role().wireName(),
                        invitation.scope().organization(),
                        invitation.scope().project(),
                        invitation.invitedBy(),
                        timestamp(invitation.createdAt()),
                        timestamp(invitation.expiresAt()),
                        timestamp(invitation.acceptedAt()),
                        timestamp(invitation.revokedAt()),
                        tokenHash)
                .update();
        return invitation;
    }

    /** The account's invitations, newest first. */
    List<Invitation> findByAccountId(String accountId, Paging paging) {
        return jdbc.sql("SELECT " + COLUMNS
                        + " FROM invitations WHERE account_id = ? ORDER BY created_at DESC, id LIMIT ? OFFSET ?")
                .params(accountId, paging.limit(), paging.offset())
                .query(InvitationStore::invitation)
                .list();
    }

    long countByAccountId(String accountId) {
        return jdbc.sql("SELECT count(*) FROM invitations WHERE account_id = ?")
                .param(accountId)
                .query(Long.class)
                .single();
    }

    Optional<Invitation> findByAccountIdAndId(String accountId, UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM invitations WHERE account_id = ? AND id = ?")
                .params(accountId, id)
                .query(InvitationStore::invitation)
                .optional();
    }

    Optional<ByToken> findByTokenHash(byte[] tokenHash) {
        return jdbc.sql("SELECT * FROM invitation_by_token_hash(?)")
                .param(tokenHash)
                .query((row, n) -> new ByToken(
                        new Invitation(
                                row.getObject("id", UUID.class),
                                row.getString("account_id"),
                                row.getString("email"),
                                Role.fromWire(row.getString("role")),
                                new ResourceScope(row.getString("org_identifier"), row.getString("project_identifier")),
                                null,
                                null,
                                instant(row, "expires_at"),
                                instant(row, "accepted_at"),
                                instant(row, "revoked_at")),
                        row.getString("account_name")))
                .optional();
    }

    /** Marks the invitation accepted unless it was used, revoked or ran out meanwhile; answers whether it did. */
    boolean accept(Invitation invitation, UUID userId, Instant now) {
        return jdbc.sql("""
                        UPDATE invitations SET accepted_at = ?, accepted_by = ?
                         WHERE account_id = ? AND id = ? AND accepted_at IS NULL AND revoked_at IS NULL
                           AND expires_at > ?""")
                        .params(timestamp(now), userId, invitation.accountId(), invitation.id(), timestamp(now))
                        .update()
                == 1;
    }

    /** Revokes a pending invitation; answers whether this call revoked it. */
    boolean revoke(Invitation invitation, Instant now) {
        return jdbc.sql("""
                        UPDATE invitations SET revoked_at = ?
                         WHERE account_id = ? AND id = ? AND accepted_at IS NULL AND revoked_at IS NULL""")
                        .params(timestamp(now), invitation.accountId(), invitation.id())
                        .update()
                == 1;
    }

    private static Invitation invitation(ResultSet row, int rowNum) throws SQLException {
        return new Invitation(
                row.getObject("id", UUID.class),
                row.getString("account_id"),
                row.getString("email"),
                Role.fromWire(row.getString("role")),
                new ResourceScope(row.getString("org_identifier"), row.getString("project_identifier")),
                row.getString("invited_by"),
                instant(row, "created_at"),
                instant(row, "expires_at"),
                instant(row, "accepted_at"),
                instant(row, "revoked_at"));
    }
}
