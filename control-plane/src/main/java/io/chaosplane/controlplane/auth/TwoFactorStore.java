package io.chaosplane.controlplane.auth;

import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * People's TOTP secrets and recovery codes, reached only through the migration's SECURITY DEFINER functions: the
 * application's role has no right on the tables, and every function is keyed by the authenticated person's id.
 */
@Component
class TwoFactorStore {

    /** A person's two-factor state; {@code secret} is null when they never began enrolling. */
    record State(String secret, boolean confirmed, Long lastStep, int recoveryCodesLeft, boolean required) {

        boolean enabled() {
            return secret != null && confirmed;
        }

        @Override
        public String toString() {
            return "State[confirmed=" + confirmed + ", required=" + required + "]"; // never the secret
        }
    }

    private final JdbcClient jdbc;

    TwoFactorStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    State state(UUID userId) {
        return jdbc.sql("SELECT * FROM two_factor_state(?)")
                .param(userId)
                .query((row, n) -> new State(
                        row.getString("secret"),
                        row.getBoolean("confirmed"),
                        row.getObject("last_step", Long.class),
                        row.getInt("recovery_codes_left"),
                        row.getBoolean("required")))
                .single();
    }

    boolean begin(UUID userId, String sealedSecret) {
        return isTrue(jdbc.sql("SELECT two_factor_begin(?, ?)")
                .params(userId, sealedSecret)
                .query(Boolean.class)
                .list());
    }

    boolean useStep(UUID userId, long step) {
        return isTrue(jdbc.sql("SELECT two_factor_use_step(?, ?)")
                .params(userId, step)
                .query(Boolean.class)
                .list());
    }

    boolean confirm(UUID userId, long step, List<String> codeHashesHex) {
        return isTrue(jdbc.sql("SELECT two_factor_confirm(?, ?, ?)")
                .params(userId, step, codeHashesHex.toArray(String[]::new))
                .query(Boolean.class)
                .list());
    }

    boolean useRecoveryCode(UUID userId, byte[] codeHash) {
        return isTrue(jdbc.sql("SELECT two_factor_use_recovery_code(?, ?)")
                .params(userId, codeHash)
                .query(Boolean.class)
                .list());
    }

    void remove(UUID userId) {
        jdbc.sql("SELECT two_factor_remove(?)")
                .param(userId)
                .query((row, n) -> 1)
                .list();
    }

    /** A function's answer: null (nothing was updated) and no row both mean no. */
    private static boolean isTrue(List<Boolean> answer) {
        return !answer.isEmpty() && Boolean.TRUE.equals(answer.getFirst());
    }
}
