package io.chaosplane.protocol.linux;

import io.chaosplane.protocol.logs.LogLine;
import java.util.List;

/** Body of {@code POST .../infra/logs}: a batch of one task's log lines. */
public record TaskLogsRequest(String streamID, String accountID, List<LogLine> logs) {}
