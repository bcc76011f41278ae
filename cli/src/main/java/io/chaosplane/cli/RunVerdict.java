package io.chaosplane.cli;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * What a finished (or timed-out) run means for a pipeline: its exit code and the reason, from the run's phase, its
 * faults' verdicts and its score against {@code --min-score}.
 */
record RunVerdict(int exitCode, String reason) {

    static RunVerdict of(JsonNode run, Double minScore, boolean timedOut) {
        String phase = ApiClient.text(run, "phase", "");
        String message = ApiClient.text(run, "message", "");
        if (timedOut) {
            return new RunVerdict(ExitCode.TIMED_OUT, "timed out while " + phase.toLowerCase());
        }
        if (phase.equals("Aborted") || phase.equals("Stopped")) { // Stopped: a halt, or an approval that expired
            return new RunVerdict(ExitCode.STOPPED, phase.toLowerCase() + (message.isBlank() ? "" : ": " + message));
        }
        List<String> failed = new ArrayList<>();
        for (JsonNode fault : faults(run)) {
            String verdict = ApiClient.text(fault, "verdict", "");
            if (verdict.equals("Fail") || verdict.equals("N/A")) {
                failed.add(ApiClient.text(fault, "name", "?") + " " + verdict);
            }
        }
        if (phase.equals("Failed")) {
            return new RunVerdict(
                    ExitCode.FAILED, "failed" + (message.isBlank() ? "" : ": " + message) + suffix(failed));
        }
        if (!failed.isEmpty()) {
            return new RunVerdict(ExitCode.FAILED, "faults failed: " + String.join(", ", failed));
        }
        JsonNode score = run.path("resiliencyScore");
        if (minScore != null && (!score.isNumber() || score.asDouble() < minScore)) {
            return new RunVerdict(
                    ExitCode.FAILED,
                    "resiliency score " + (score.isNumber() ? Output.number(score) : "none") + " is below "
                            + Output.number(minScore));
        }
        if (phase.equals("Completed")) {
            return new RunVerdict(
                    ExitCode.PASSED, "passed, resiliency score " + (score.isNumber() ? Output.number(score) : "none"));
        }
        return new RunVerdict(ExitCode.PASSED, phase.toLowerCase());
    }

    private static String suffix(List<String> failed) {
        return failed.isEmpty() ? "" : " (" + String.join(", ", failed) + ")";
    }

    static List<JsonNode> faults(JsonNode run) {
        List<JsonNode> faults = new ArrayList<>();
        for (JsonNode step : run.path("steps")) {
            for (JsonNode fault : step.path("faults")) {
                faults.add(fault);
            }
        }
        return faults;
    }

    static boolean finished(JsonNode run) {
        String phase = ApiClient.text(run, "phase", "");
        return phase.equals("Completed")
                || phase.equals("Failed")
                || phase.equals("Aborted")
                || phase.equals("Stopped");
    }
}
