package io.chaosplane.controlplane.tenancy;

import java.util.UUID;

/**
 * Published inside the transaction that creates an account, so that its creator becomes its admin in the
 * same transaction.
 *
 * @param creatorUserId the person who created it, or null when the system did (bootstrap)
 */
public record AccountCreated(String accountId, UUID creatorUserId) {}
