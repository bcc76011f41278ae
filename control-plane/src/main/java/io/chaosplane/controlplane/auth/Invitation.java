package io.chaosplane.controlplane.auth;

import io.chaosplane.controlplane.access.ResourceScope;
import io.chaosplane.controlplane.access.Role;
import java.time.Instant;
import java.util.UUID;

/** An invitation of an e-mail address to a role over the account, an organization or a project. */
record Invitation(
        UUID id,
        String accountId,
        String email,
        Role role,
        ResourceScope scope,
        String invitedBy,
        Instant createdAt,
        Instant expiresAt,
        Instant acceptedAt,
        Instant revokedAt) {

    enum Status {
        PENDING,
        ACCEPTED,
        REVOKED,
        EXPIRED;

        String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    Status statusAt(Instant now) {
        if (acceptedAt != null) {
            return Status.ACCEPTED;
        }
        if (revokedAt != null) {
            return Status.REVOKED;
        }
        return expiresAt.isAfter(now) ? Status.PENDING : Status.EXPIRED;
    }
}
