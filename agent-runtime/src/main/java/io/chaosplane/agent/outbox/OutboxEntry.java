package io.chaosplane.agent.outbox;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.chaosplane.agent.remote.LogStream;
import io.chaosplane.protocol.linux.TaskLogsRequest;
import io.chaosplane.protocol.linux.TaskResultRequest;
import io.chaosplane.protocol.logs.LogLine;
import java.util.List;

/**
 * Something the agent must deliver even if the control plane or the log service is away for a while. Every kind and
 * its name on disk is listed here, in one place.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
    @JsonSubTypes.Type(value = OutboxEntry.Result.class, name = "result"),
    @JsonSubTypes.Type(value = OutboxEntry.Logs.class, name = "logs"),
    @JsonSubTypes.Type(value = OutboxEntry.StreamOpen.class, name = "stream-open"),
    @JsonSubTypes.Type(value = OutboxEntry.StreamLines.class, name = "stream-lines"),
    @JsonSubTypes.Type(value = OutboxEntry.StreamClose.class, name = "stream-close")
})
public sealed interface OutboxEntry {

    /**
     * Entries of one lane are delivered in order; lanes do not wait for each other. Results have a lane of their own,
     * so that log lines the control plane cannot take now never hold a result back.
     */
    enum Lane {
        CONTROL_PLANE("control-plane"),
        CONTROL_PLANE_LOGS("control-plane-logs"),
        LOG_SERVICE("log-service");

        final String directory;

        Lane(String directory) {
            this.directory = directory;
        }
    }

    Lane lane();

    /** Short name for files and log lines. */
    String kind();

    record Result(String taskName, TaskResultRequest request) implements OutboxEntry {

        @Override
        public Lane lane() {
            return Lane.CONTROL_PLANE;
        }

        @Override
        public String kind() {
            return "result";
        }
    }

    record Logs(TaskLogsRequest request) implements OutboxEntry {

        @Override
        public Lane lane() {
            return Lane.CONTROL_PLANE_LOGS;
        }

        @Override
        public String kind() {
            return "logs";
        }
    }

    record StreamOpen(LogStream stream) implements OutboxEntry {

        @Override
        public Lane lane() {
            return Lane.LOG_SERVICE;
        }

        @Override
        public String kind() {
            return "stream-open";
        }
    }

    record StreamLines(LogStream stream, List<LogLine> lines) implements OutboxEntry {

        @Override
        public Lane lane() {
            return Lane.LOG_SERVICE;
        }

        @Override
        public String kind() {
            return "stream-lines";
        }
    }

    record StreamClose(LogStream stream) implements OutboxEntry {

        @Override
        public Lane lane() {
            return Lane.LOG_SERVICE;
        }

        @Override
        public String kind() {
            return "stream-close";
        }
    }
}
