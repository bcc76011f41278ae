package io.chaosplane.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * What a waiting command shows of a run: one line per fault with its phase, its probes' results and its elapsed time.
 * On a terminal the lines are redrawn in place; in a pipeline each change is one plain line with a timestamp.
 */
interface Progress extends AutoCloseable {

    /** The run as last read. */
    void update(JsonNode run);

    /** A line of its own, such as the final verdict. */
    void note(String message);

    @Override
    void close();

    /** One fault's line, without a timestamp or the elapsed time, so that equal lines mean nothing changed. */
    static String describe(JsonNode fault) {
        StringBuilder line = new StringBuilder();
        line.append(ApiClient.text(fault, "name", "?")).append("  ").append(ApiClient.text(fault, "phase", "Pending"));
        String verdict = ApiClient.text(fault, "verdict", "");
        if (!verdict.isBlank() && !verdict.equals("Awaited")) {
            line.append(" (").append(verdict).append(')');
        }
        List<String> probes = new ArrayList<>();
        for (JsonNode probe : fault.path("probeStatuses")) {
            probes.add(ApiClient.text(probe, "name", "?") + " "
                    + probe.path("status").path("verdict").asString("Awaited"));
        }
        if (!probes.isEmpty()) {
            line.append("  probes: ").append(String.join(", ", probes));
        }
        return line.toString();
    }

    static long elapsedSeconds(JsonNode fault, Instant now) {
        String started = ApiClient.text(fault, "startedAt", null);
        if (started == null) {
            return 0;
        }
        String finished = ApiClient.text(fault, "finishedAt", null);
        Instant end = finished == null ? now : Instant.parse(finished);
        return Math.max(0, Duration.between(Instant.parse(started), end).toSeconds());
    }

    /** For pipelines: a timestamped line for each change of the run's phase or a fault's line; no escape codes. */
    final class Plain implements Progress {

        private final PrintWriter out;
        private final Clock clock;
        private final Map<String, String> shown = new HashMap<>();
        private String phase;

        Plain(PrintWriter out, Clock clock) {
            this.out = out;
            this.clock = clock;
        }

        @Override
        public void update(JsonNode run) {
            Instant now = clock.instant();
            String runPhase = ApiClient.text(run, "phase", "");
            if (!runPhase.equals(phase)) {
                phase = runPhase;
                line(now, "run " + ApiClient.text(run, "runId", "") + "  " + runPhase);
            }
            for (JsonNode fault : RunVerdict.faults(run)) {
                String key = ApiClient.text(fault, "taskName", ApiClient.text(fault, "name", ""));
                String description = Progress.describe(fault);
                if (!description.equals(shown.put(key, description))) {
                    line(now, "fault " + description + "  " + Output.seconds(Progress.elapsedSeconds(fault, now)));
                }
            }
        }

        @Override
        public void note(String message) {
            line(clock.instant(), message);
        }

        private void line(Instant now, String text) {
            out.println(now.truncatedTo(ChronoUnit.SECONDS) + "  " + text);
            out.flush();
        }

        @Override
        public void close() {
            out.flush();
        }
    }
}
