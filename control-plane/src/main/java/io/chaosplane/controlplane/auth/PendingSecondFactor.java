package io.chaosplane.controlplane.auth;

import java.io.Serial;
import java.io.Serializable;
import java.time.Instant;

/**
 * The principal of a session whose person gave the right password but not yet their second factor: it opens only the
 * code page, and only for a few minutes.
 */
record PendingSecondFactor(SignedInUser person, Instant since) implements Serializable {

    static final String AUTHORITY = "TWO_FACTOR_PENDING";

    @Serial
    private static final long serialVersionUID = 1L;

    @Override
    public String toString() {
        return "PendingSecondFactor[" + person.email() + "]";
    }
}
