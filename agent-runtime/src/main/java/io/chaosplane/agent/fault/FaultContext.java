package io.chaosplane.agent.fault;

import io.chaosplane.agent.logs.ExecutionLog;
import java.time.Instant;

/**
 * What a fault knows about its run: a unique id (for names and markers on the host), the instant by which it must be
 * reverted whatever happens (children it starts should stop by themselves then), and where to log.
 */
public record FaultContext(String faultId, Instant deadline, ExecutionLog log) {}
