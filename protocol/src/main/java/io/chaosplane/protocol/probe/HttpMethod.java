package io.chaosplane.protocol.probe;

/** The {@code method} member of an HTTP probe; exactly one of the two is set. */
public record HttpMethod(HttpCheck get, HttpCheck post) {}
