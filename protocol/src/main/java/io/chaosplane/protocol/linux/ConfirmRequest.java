package io.chaosplane.protocol.linux;

import io.chaosplane.protocol.catalog.AgentCapabilities;

/**
 * Body of {@code POST /chaos/lserver/api/infra/confirm}: an agent introduces itself once, with its install token.
 *
 * @param capabilities an addition to seed 001: what the agent can do, so that faults it cannot run are refused before
 *     a run; optional (an agent that leaves it out is not held to it)
 */
public record ConfirmRequest(String hostname, String version, AgentCapabilities capabilities) {

    /** Seed 001's body, without capabilities. */
    public ConfirmRequest(String hostname, String version) {
        this(hostname, version, null);
    }
}
