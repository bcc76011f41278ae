package io.chaosplane.agent.remote;

import io.chaosplane.agent.config.Secret;

/** Who the agent is to the control plane after confirm: its infrastructure id and access key. */
public record AgentIdentity(String infraId, Secret accessKey) {}
