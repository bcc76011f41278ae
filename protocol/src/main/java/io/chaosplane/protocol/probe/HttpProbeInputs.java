package io.chaosplane.protocol.probe;

/**
 * An HTTP probe: one request to {@code url} with the method described in {@code method} (exactly one of get and
 * post). {@code responseTimeout} is in milliseconds.
 */
public record HttpProbeInputs(String url, HttpMethod method, Integer responseTimeout, Boolean insecureSkipVerify) {}
