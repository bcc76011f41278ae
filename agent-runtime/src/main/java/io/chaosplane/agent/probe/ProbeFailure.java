package io.chaosplane.agent.probe;

import io.chaosplane.protocol.probe.ProbeType;

/**
 * The first failure of a probe: which probe, in which phase of the experiment ({@code PreChaos},
 * {@code ChaosInjection}, {@code PostChaos}) and why.
 */
public record ProbeFailure(String probeName, ProbeType type, String phase, String reason) {}
