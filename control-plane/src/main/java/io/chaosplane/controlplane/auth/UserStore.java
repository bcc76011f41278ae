package io.chaosplane.controlplane.auth;

import static io.chaosplane.controlplane.common.SqlTimes.instant;
import static io.chaosplane.controlplane.common.SqlTimes.timestamp;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The {@code users} table. People are global (no tenant column); row-level security shows a tenant's transaction only
 * the members of that tenant. Sign-in and the first start, before any tenant is known, look people up through two
 * SECURITY DEFINER functions.
 */
@Component
class UserStore {

    private final JdbcClient jdbc;

    UserStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    User insert(User user) {
        jdbc.sql("""
                        INSERT INTO users (id, email, display_name, password_hash, platform_admin, disabled, created_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?)""")
                .params(
                        user.id(),
                        user.email(),
                        user.displayName(),
                        user.passwordHash(),
                        user.platformAdmin(),
                        user.disabled(),
                        timestamp(user.createdAt()))
                .update();
        return user;
    }

    Optional<User> findById(UUID id) {
        return jdbc.sql("SELECT * FROM users WHERE id = ?")
                .param(id)
                .query(UserStore::user)
                .optional();
    }

    Optional<User> findByEmail(String email) {
        return jdbc.sql("SELECT * FROM user_by_email(?)")
                .param(email)
                .query(UserStore::user)
                .optional();
    }

    boolean anyExists() {
        return jdbc.sql("SELECT any_user_exists()").query(Boolean.class).single();
    }

    /**
     * Sets a new password and moves the person's session generation on, which ends their sessions signed in
     * before; answers the new generation.
     */
    int changePassword(UUID id, String passwordHash) {
        return jdbc.sql("SELECT change_own_password(?, ?)")
                .params(id, passwordHash)
                .query(Integer.class)
                .single();
    }

    /** The signed-in person's own row, whatever tenant the request runs in (they may belong to none). */
    Optional<User> findSelf(UUID id) {
        return jdbc.sql("SELECT * FROM own_person(?)")
                .param(id)
                .query(UserStore::user)
                .optional();
    }

    /** What a signed-in session must still match on each request: whether the person may sign in, and since when. */
    Optional<SessionState> sessionState(UUID id) {
        return jdbc.sql("SELECT * FROM user_session_state(?)")
                .param(id)
                .query((row, n) -> new SessionState(row.getBoolean("disabled"), row.getInt("session_generation")))
                .optional();
    }

    record SessionState(boolean disabled, int sessionGeneration) {}

    private static User user(ResultSet row, int rowNum) throws SQLException {
        return new User(
                row.getObject("id", UUID.class),
                row.getString("email"),
                row.getString("display_name"),
                row.getString("password_hash"),
                row.getBoolean("platform_admin"),
                row.getBoolean("disabled"),
                row.getInt("session_generation"),
                instant(row, "created_at"));
    }
}
