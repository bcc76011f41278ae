package io.chaosplane.protocol.linux;

/** Body of {@code POST .../infra/liveness}: empty, the agent is identified by its headers. */
public record LivenessRequest() {}
