package io.chaosplane.protocol.probe;

/** Where a command probe runs when not on the agent itself. */
public record CmdProbeSource(String image, Boolean hostNetwork, Boolean privileged) {}
