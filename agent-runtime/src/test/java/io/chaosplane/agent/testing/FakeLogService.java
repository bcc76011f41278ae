package io.chaosplane.agent.testing;

import io.chaosplane.agent.remote.LogService;
import io.chaosplane.agent.remote.LogStream;
import io.chaosplane.agent.remote.RemoteException;
import io.chaosplane.protocol.logs.LogLine;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An in-memory log service that records every call in order; it can be taken down. */
public class FakeLogService implements LogService {

    /** One call: {@code open}, {@code append} or {@code close}, with the stream and any lines. */
    public record Call(String verb, String accountID, String key, String token, List<LogLine> lines) {}

    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private volatile boolean down;

    public void down(boolean isDown) {
        this.down = isDown;
    }

    @Override
    public void open(LogStream stream) {
        record("open", stream, List.of());
    }

    @Override
    public void append(LogStream stream, List<LogLine> lines) {
        record("append", stream, lines);
    }

    @Override
    public void close(LogStream stream) {
        record("close", stream, List.of());
    }

    /** Records a call made over HTTP by {@link FakeControlPlaneServer}. */
    void record(String verb, String accountID, String key, String token, List<LogLine> lines) {
        if (down) {
            throw RemoteException.unavailable("log service is down", null);
        }
        calls.add(new Call(verb, accountID, key, token, List.copyOf(lines)));
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    private void record(String verb, LogStream stream, List<LogLine> lines) {
        record(verb, stream.accountID(), stream.key(), stream.token().value(), lines);
    }
}
