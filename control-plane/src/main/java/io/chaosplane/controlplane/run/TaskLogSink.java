package io.chaosplane.controlplane.run;

import io.chaosplane.protocol.logs.LogLine;
import java.util.List;

/** Where the log lines agents post to the control plane ({@code .../infra/logs}) go: the log service. */
public interface TaskLogSink {

    void append(String accountId, String streamId, List<LogLine> lines);
}
