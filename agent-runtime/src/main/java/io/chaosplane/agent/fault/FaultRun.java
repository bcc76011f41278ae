package io.chaosplane.agent.fault;

/** The task a fault belongs to, so that a restarted agent can report on it. */
public record FaultRun(String taskName, String lceUID) {}
