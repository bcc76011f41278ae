package io.chaosplane.controlplane.auth;

import static io.chaosplane.controlplane.common.SqlTimes.instant;
import static io.chaosplane.controlplane.common.SqlTimes.timestamp;

import io.chaosplane.controlplane.access.ResourceScope;
import io.chaosplane.controlplane.access.Role;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The {@code memberships} of the current account (row-level security keeps the others out). */
@Component
class MembershipStore {

    private final JdbcClient jdbc;

    MembershipStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Membership insert(Membership membership) {
        jdbc.sql("""
                        INSERT INTO memberships (id, account_id, user_id, org_identifier, project_identifier, role, created_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?)""")
                .params(
                        membership.id(),
                        membership.accountId(),
                        membership.userId(),
                        membership.scope().organization(),
                        membership.scope().project(),
                        membership.role().wireName(),
                        timestamp(membership.createdAt()))
                .update();
        return membership;
    }

    List<Membership> findByAccountId(String accountId) {
        return jdbc.sql("SELECT * FROM memberships WHERE account_id = ?")
                .param(accountId)
                .query(MembershipStore::membership)
                .list();
    }

    Optional<Membership> findByAccountIdAndId(String accountId, UUID id) {
        return jdbc.sql("SELECT * FROM memberships WHERE account_id = ? AND id = ?")
                .params(accountId, id)
                .query(MembershipStore::membership)
                .optional();
    }

    boolean exists(String accountId, UUID userId, ResourceScope scope) {
        return jdbc.sql("""
                        SELECT EXISTS (SELECT 1 FROM memberships
                                        WHERE account_id = ? AND user_id = ?
                                          AND org_identifier IS NOT DISTINCT FROM ?
                                          AND project_identifier IS NOT DISTINCT FROM ?)""")
                .params(accountId, userId, scope.organization(), scope.project())
                .query(Boolean.class)
                .single();
    }

    /** How many people, not disabled, hold the role over the whole account. */
    long countAccountWide(String accountId, Role role) {
        return jdbc.sql("""
                        SELECT count(*) FROM memberships
                         WHERE account_id = ? AND role = ? AND org_identifier IS NULL AND disabled_at IS NULL""")
                .params(accountId, role.wireName())
                .query(Long.class)
                .single();
    }

    void changeRole(Membership membership) {
        jdbc.sql("UPDATE memberships SET role = ? WHERE account_id = ? AND id = ?")
                .params(membership.role().wireName(), membership.accountId(), membership.id())
                .update();
    }

    /** Disables (at a time) or enables (null) every membership of the person in the account. */
    void setDisabled(String accountId, UUID userId, Instant disabledAt) {
        jdbc.sql("UPDATE memberships SET disabled_at = ? WHERE account_id = ? AND user_id = ?")
                .params(timestamp(disabledAt), accountId, userId)
                .update();
    }

    void delete(Membership membership) {
        jdbc.sql("DELETE FROM memberships WHERE account_id = ? AND id = ?")
                .params(membership.accountId(), membership.id())
                .update();
    }

    private static Membership membership(ResultSet row, int rowNum) throws SQLException {
        return new Membership(
                row.getObject("id", UUID.class),
                row.getString("account_id"),
                row.getObject("user_id", UUID.class),
                new ResourceScope(row.getString("org_identifier"), row.getString("project_identifier")),
                Role.fromWire(row.getString("role")),
                instant(row, "created_at"),
                instant(row, "disabled_at"));
    }
}
