package io.chaosplane.protocol.linux;

/** The {@code action} member of a task; chaos is the only action so far. */
public record TaskAction(ChaosSpec chaos) {
}
