package io.chaosplane.agent.remote;

import io.chaosplane.protocol.logs.LogLine;
import java.util.List;

/** The log service behind its own circuit breaker (it fails independently of the control plane), with retries. */
public final class ResilientLogService implements LogService {

    private final LogService delegate;
    private final Resilience resilience;

    public ResilientLogService(LogService delegate, ResilienceSettings settings) {
        this.delegate = delegate;
        this.resilience = new Resilience("log-service", settings);
    }

    @Override
    public void open(LogStream stream) {
        resilience.run(true, () -> delegate.open(stream));
    }

    @Override
    public void append(LogStream stream, List<LogLine> lines) {
        resilience.run(true, () -> delegate.append(stream, lines));
    }

    @Override
    public void close(LogStream stream) {
        resilience.run(true, () -> delegate.close(stream));
    }
}
