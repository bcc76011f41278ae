package io.chaosplane.controlplane.common;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Harness-style identifiers. An organization, project or environment identifier starts with a letter or an
 * underscore and holds letters, digits and underscores; account identifiers are random, URL-safe strings.
 */
public final class Identifiers {

    /** For {@code @Pattern}: organization, project, environment and infrastructure identifiers. */
    public static final String PATTERN = "^[a-zA-Z_][0-9a-zA-Z_]{0,127}$";

    public static final String PATTERN_MESSAGE =
            "must start with a letter or _ and hold only letters, digits and _ (at most 128 characters)";
    /** For {@code @Pattern}: account identifiers. */
    public static final String ACCOUNT_PATTERN = "^[0-9a-zA-Z_-]{1,64}$";

    public static final String ACCOUNT_PATTERN_MESSAGE =
            "must hold only letters, digits, _ and - (at most 64 characters)";

    private Identifiers() {}

    /** A new account identifier: 22 URL-safe characters, as Harness's. */
    public static String newAccountIdentifier(SecureRandom random) {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
