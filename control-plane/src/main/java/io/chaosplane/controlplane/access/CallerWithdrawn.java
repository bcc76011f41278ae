package io.chaosplane.controlplane.access;

import java.util.UUID;

/**
 * A credential stopped counting in an account: an API key was revoked ({@code subjectId} is the key's id) or a
 * person's membership was removed or disabled (the person's id). Published inside the transaction that withdrew it;
 * whoever holds connections opened by that caller (WebSockets) closes them once it commits.
 */
public record CallerWithdrawn(String accountId, UUID subjectId) {}
