package io.chaosplane.controlplane.infra;

import java.util.UUID;

/**
 * The agent of an infrastructure, as authenticated by its access key. Agent endpoints receive it as the request
 * attribute {@link #ATTRIBUTE}; the request runs in the infrastructure's account.
 */
public record AgentPrincipal(UUID infrastructureId, String accountId, InfrastructureType type) {

    public static final String ATTRIBUTE = "io.chaosplane.controlplane.infra.AgentPrincipal";
}
