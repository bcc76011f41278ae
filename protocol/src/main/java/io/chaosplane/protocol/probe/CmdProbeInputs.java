package io.chaosplane.protocol.probe;

/**
 * A command probe: the command runs through {@code /bin/sh -c}, its trimmed standard output is compared. A
 * {@code source} asks for the command to run in a container of the given image (Kubernetes infrastructures only).
 */
public record CmdProbeInputs(String command, Comparator comparator, CmdProbeSource source) {}
