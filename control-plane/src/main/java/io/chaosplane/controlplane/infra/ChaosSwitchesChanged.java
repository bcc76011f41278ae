package io.chaosplane.controlplane.infra;

/**
 * A kill switch was turned on some replica and this one has read it: the polls waiting here look again, so that an
 * agent learns of it at once.
 */
public record ChaosSwitchesChanged() {}
