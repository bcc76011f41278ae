package io.chaosplane.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

@Command(
        name = "logs",
        mixinStandardHelpOptions = true,
        description = "Print the log lines of a run's faults, each line prefixed with its fault's name; --follow"
                + " waits for new lines until every fault's stream is closed.",
        footer = {"%nExample:", "  chaosctl logs 0b6f7c1e-4a4e-4d8e-9a57-1d2f0c6f4b11 --fault cpu-hog --follow"})
final class LogsCommand implements Callable<Integer> {

    private static final Duration FOLLOW_INTERVAL = Duration.ofSeconds(1);

    private final Session session;

    @Mixin
    ConnectionOptions connection;

    @Parameters(paramLabel = "RUN_ID", description = "The run's id.")
    String runId;

    @Option(names = "--fault", paramLabel = "NAME", description = "Only this fault's lines.")
    String fault;

    @Option(
            names = {"-f", "--follow"},
            description = "Keep printing new lines until the streams close.")
    boolean follow;

    LogsCommand(Session session) {
        this.session = session;
    }

    /** A fault's log stream and how far it has been read. */
    private static final class Stream {
        final String fault;
        final String id;
        long next;
        boolean closed;

        Stream(String fault, String id) {
            this.fault = fault;
            this.id = id;
        }
    }

    @Override
    public Integer call() throws InterruptedException {
        ApiClient api = session.api(connection);
        String base = "/api/v1/runs/" + ApiClient.segment(runId);
        List<Stream> streams = new ArrayList<>();
        for (JsonNode each : RunVerdict.faults(api.get(base))) {
            String name = ApiClient.text(each, "name", "");
            String stream = ApiClient.text(each, "streamID", "");
            if (!stream.isBlank() && (fault == null || fault.equals(name))) {
                streams.add(new Stream(name, stream));
            }
        }
        if (streams.isEmpty()) {
            throw new CliException(
                    ExitCode.USAGE,
                    fault == null
                            ? "run " + runId + " has no log streams yet"
                            : "run " + runId + " has no fault '" + fault + "' with a log");
        }
        boolean more = true;
        while (more) {
            more = false;
            for (Stream stream : streams) {
                if (stream.closed) {
                    continue;
                }
                ApiClient.Response page = api.send(
                        "GET",
                        base + "/logs",
                        Map.of("streamID", stream.id, "fromPos", Long.toString(stream.next)),
                        null,
                        null);
                for (JsonNode line : page.json()) {
                    session.out().println("[" + stream.fault + "] " + ApiClient.text(line, "out", ""));
                }
                session.out().flush();
                stream.next = page.header("X-Next-Pos").map(Long::parseLong).orElse(stream.next);
                stream.closed = page.header("X-Stream-Closed")
                        .map(Boolean::parseBoolean)
                        .orElse(true);
                more |= follow && !stream.closed;
            }
            if (more) {
                Thread.sleep(FOLLOW_INTERVAL);
            }
        }
        return ExitCode.PASSED;
    }
}
