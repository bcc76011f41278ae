package io.chaosplane.agent.fault;

import java.time.Instant;
import tools.jackson.databind.JsonNode;

/**
 * A fault in force, as written to the journal before it is injected: what a freshly started agent needs to revert it
 * and to tell the control plane what happened to its task.
 */
public record JournalEntry(
        String faultId,
        String fault,
        String taskName,
        String lceUID,
        Instant injectedAt,
        Instant deadline,
        JsonNode state) {}
