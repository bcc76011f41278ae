package io.chaosplane.controlplane.auth;

import io.chaosplane.controlplane.access.ResourceScope;
import io.chaosplane.controlplane.access.Role;
import java.time.Instant;
import java.util.UUID;

/**
 * A machine credential of an account. Only the SHA-256 of its secret is kept (and never read back); the secret is
 * shown once.
 */
record ApiKey(
        UUID id,
        String accountId,
        String name,
        String description,
        Role role,
        ResourceScope scope,
        String keyPrefix,
        String createdBy,
        Instant createdAt,
        Instant expiresAt,
        Instant revokedAt,
        String revokedBy,
        Instant lastUsedAt) {}
