package io.chaosplane.controlplane.workflow;

import java.time.Instant;

/** Published after the commit of every change of a workflow's phase, for live updates. */
public record WorkflowChanged(
        String accountId,
        String organization,
        String project,
        String name,
        String namespace,
        WorkflowPhase phase,
        Instant timestamp) {}
