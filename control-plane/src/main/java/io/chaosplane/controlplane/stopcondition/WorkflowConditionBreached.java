package io.chaosplane.controlplane.stopcondition;

import java.util.UUID;

/**
 * A workflow's stop condition was breached: published in the transaction that recorded the breach, in the workflow's
 * account, for the workflows feature to stop the workflow and its runs in that same transaction.
 *
 * @param reason {@code stop condition <name>: <what was seen>}
 */
public record WorkflowConditionBreached(String accountId, UUID workflowId, String condition, String reason) {}
