package io.chaosplane.cli;

import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** How {@code run} follows its run and reports it. */
final class WaitOptions {

    @Option(names = "--wait", description = "Follow the run to its end; the exit code is its verdict.")
    boolean wait;

    @Option(
            names = "--timeout",
            defaultValue = "30m",
            paramLabel = "DURATION",
            description = "With --wait: how long to wait, as 90s, 10m or 1h (default: ${DEFAULT-VALUE}); then exit 3.")
    String timeout;

    @Option(
            names = "--keep-running",
            description = "On --timeout, leave the run running (by default it is aborted and its faults reverted).")
    boolean keepRunning;

    @Option(
            names = "--min-score",
            paramLabel = "N",
            description = "With --wait: fail (exit 1) when the resiliency score is below N (0-100).")
    Double minScore;

    @Option(
            names = "--junit",
            paramLabel = "FILE",
            description = "With --wait: write a JUnit XML report, one test case per fault.")
    Path junit;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FORMAT",
            description = "json: print the final run as JSON on standard output (progress goes to standard error).")
    String output;

    @Option(
            names = "--poll-interval",
            defaultValue = "2s",
            hidden = true,
            description = "How often the run is read while waiting.")
    String pollInterval;

    Duration timeout() {
        return parse("--timeout", timeout);
    }

    Duration pollInterval() {
        return parse("--poll-interval", pollInterval);
    }

    void check() {
        if (minScore != null && (minScore < 0 || minScore > 100)) {
            throw new CliException(ExitCode.USAGE, "--min-score must be between 0 and 100");
        }
        if (output != null && !output.equals("json")) {
            throw new CliException(ExitCode.USAGE, "--output takes json");
        }
        if (!wait && (minScore != null || junit != null)) {
            throw new CliException(ExitCode.USAGE, "--min-score and --junit need --wait");
        }
        timeout();
        pollInterval();
    }

    /** 90s, 10m, 1h, 1h30m, or an ISO-8601 duration. */
    static Duration parse(String option, String text) {
        String value = text.strip().toLowerCase();
        try {
            if (value.startsWith("p")) {
                return Duration.parse(value.toUpperCase());
            }
            if (value.matches("(\\d+h)?(\\d+m)?(\\d+s)?") && !value.isEmpty()) {
                return Duration.parse("PT" + value.toUpperCase());
            }
            if (value.matches("\\d+")) {
                return Duration.ofSeconds(Long.parseLong(value));
            }
        } catch (RuntimeException e) {
            // fall through to the message below
        }
        throw new CliException(
                ExitCode.USAGE, option + " must be a duration such as 90s, 10m or 1h, not '" + text + "'");
    }
}
