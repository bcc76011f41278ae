package io.chaosplane.controlplane.infra;

import io.chaosplane.protocol.linux.Halt;
import java.util.List;

/**
 * The halts in force over an agent's infrastructure, answered from this replica's memory, so that a poll or a
 * heartbeat asks no query for them when its account has none. The halt feature implements it.
 */
public interface AgentHalts {

    /** The active halts that cover the agent's infrastructure; empty almost always. */
    List<Halt> activeFor(AgentPrincipal agent);

    /** None: for a context without the halt feature. */
    AgentHalts NONE = agent -> List.of();
}
