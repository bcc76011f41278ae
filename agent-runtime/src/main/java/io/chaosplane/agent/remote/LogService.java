package io.chaosplane.agent.remote;

import io.chaosplane.protocol.logs.LogLine;
import java.util.List;

/** Seed 001's log service, where a task's lines are streamed for people watching the run. */
public interface LogService {

    void open(LogStream stream);

    void append(LogStream stream, List<LogLine> lines);

    void close(LogStream stream);
}
