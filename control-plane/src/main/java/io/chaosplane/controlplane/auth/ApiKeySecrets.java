package io.chaosplane.controlplane.auth;

import io.chaosplane.controlplane.common.Secrets;
import org.springframework.stereotype.Component;

/** API key secrets: {@code cp_live_} and 40 random base62 characters (about 238 bits). */
@Component
class ApiKeySecrets {

    static final String PREFIX = "cp_live_";
    private static final int RANDOM_LENGTH = 40;
    private static final int SHOWN_LENGTH = PREFIX.length() + 6;

    private final Secrets secrets;

    ApiKeySecrets(Secrets secrets) {
        this.secrets = secrets;
    }

    String newSecret() {
        return PREFIX + secrets.randomBase62(RANDOM_LENGTH);
    }

    /** Whether a presented string can be a key at all, so that garbage never costs a database look-up. */
    static boolean looksLikeKey(String presented) {
        return presented != null
                && presented.length() == PREFIX.length() + RANDOM_LENGTH
                && presented.startsWith(PREFIX)
                && Secrets.isBase62(presented.substring(PREFIX.length()));
    }

    static String shownPrefix(String secret) {
        return secret.substring(0, SHOWN_LENGTH);
    }

    static byte[] hash(String secret) {
        return Secrets.sha256(secret);
    }
}
