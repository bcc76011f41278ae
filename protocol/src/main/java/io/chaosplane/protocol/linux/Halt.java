package io.chaosplane.protocol.linux;

/**
 * A halt that covers the agent's infrastructure (an addition to the seed): an instruction, not a task. While the
 * control plane names one in its poll or liveness answers, the agent reverts every fault it holds, reports its tasks
 * Stopped and refuses new ones; once no answer names one, it takes tasks again.
 *
 * @param haltID the halt's id
 * @param scope what it covers: account, organization, project, environment or infrastructure
 * @param reason why, as its author wrote it
 */
public record Halt(String haltID, String scope, String reason) {}
