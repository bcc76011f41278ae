package io.chaosplane.controlplane.auth;

import java.time.Instant;
import java.util.UUID;

/** A person who signs in to the web UI. People are global; their rights in an account are memberships. */
record User(
        UUID id,
        String email,
        String displayName,
        String passwordHash,
        boolean platformAdmin,
        boolean disabled,
        int sessionGeneration,
        Instant createdAt) {}
