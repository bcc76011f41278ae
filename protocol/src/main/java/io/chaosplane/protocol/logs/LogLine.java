package io.chaosplane.protocol.logs;

import java.time.Instant;
import java.util.Map;

/**
 * One execution log line, as agents post it to the control plane ({@code .../infra/logs}) and stream it to the log
 * service ({@code PUT /log-service/stream}). {@code pos} orders the lines of one stream; {@code args} holds the
 * structured parameters of the message, when it has some.
 */
public record LogLine(String level, long pos, String out, Instant time, Map<String, String> args) {

    public static final String INFO = "info";
    public static final String WARN = "warn";
    public static final String ERROR = "error";
    public static final String DEBUG = "debug";
}
