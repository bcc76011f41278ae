package io.chaosplane.controlplane.auth;

import io.chaosplane.controlplane.access.ResourceScope;
import io.chaosplane.controlplane.access.Role;
import java.time.Instant;
import java.util.UUID;

/** A person's role over the whole account, one organization, or one project. */
record Membership(
        UUID id, String accountId, UUID userId, ResourceScope scope, Role role, Instant createdAt, Instant disabledAt) {

    static Membership of(String accountId, UUID userId, ResourceScope scope, Role role, Instant now) {
        return new Membership(UUID.randomUUID(), accountId, userId, scope, role, now, null);
    }

    Membership withRole(Role newRole) {
        return new Membership(id, accountId, userId, scope, newRole, createdAt, disabledAt);
    }
}
