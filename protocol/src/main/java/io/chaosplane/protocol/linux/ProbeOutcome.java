package io.chaosplane.protocol.linux;

/** The {@code status} member of a probe status: its verdict and why. */
public record ProbeOutcome(ProbeVerdict verdict, String description) {}
