package io.chaosplane.protocol.probe;

/**
 * How an observed value is judged: {@code type} is string, int or float; {@code criteria} one of that type's criteria
 * (see {@link ComparatorType}); {@code value} the expected value (comma-separated for {@code oneOf} and
 * {@code between}).
 */
public record Comparator(String type, String criteria, String value) {}
