package io.chaosplane.protocol.linux;

/** How one probe of a task ended. */
public record ProbeStatus(String name, String type, String mode, ProbeOutcome status) {}
