package io.chaosplane.protocol.linux;

/** One fault input, for example {@code {"name":"Duration","value":"30s"}}. */
public record ExperimentInput(String name, String value) {}
