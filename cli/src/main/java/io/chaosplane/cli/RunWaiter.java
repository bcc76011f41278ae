package io.chaosplane.cli;

import java.time.Duration;
import java.time.Instant;
import tools.jackson.databind.JsonNode;

/**
 * Follows a run until it ends or {@code --timeout} passes, showing its progress; on a timeout the run is aborted
 * (its faults reverted by their agents) unless {@code --keep-running}, and followed a little longer to report it.
 */
final class RunWaiter {

    /** The run as last read, and whether the wait ran out. */
    record Waited(JsonNode run, boolean timedOut) {}

    private static final Duration AFTER_ABORT = Duration.ofSeconds(60);

    private final ApiClient api;
    private final Session session;

    RunWaiter(ApiClient api, Session session) {
        this.api = api;
        this.session = session;
    }

    Waited await(String runId, WaitOptions options, Progress progress) {
        String path = "/api/v1/runs/" + ApiClient.segment(runId);
        Instant deadline = session.clock().instant().plus(options.timeout());
        Duration interval = options.pollInterval();
        JsonNode run = api.get(path);
        progress.update(run);
        while (!RunVerdict.finished(run)) {
            if (!session.clock().instant().isBefore(deadline)) {
                if (options.keepRunning) {
                    progress.note("timed out after " + options.timeout + "; the run keeps running: " + runId);
                    return new Waited(run, true);
                }
                progress.note("timed out after " + options.timeout + "; aborting run " + runId);
                try {
                    api.post(path + "/abort");
                } catch (ApiClient.ApiError conflict) {
                    if (conflict.status() != 409) { // 409: it ended or is being aborted already
                        throw conflict;
                    }
                }
                Instant patience = session.clock().instant().plus(AFTER_ABORT);
                while (!RunVerdict.finished(run) && session.clock().instant().isBefore(patience)) {
                    sleep(interval);
                    run = api.get(path);
                    progress.update(run);
                }
                return new Waited(run, true);
            }
            sleep(interval);
            run = api.get(path);
            progress.update(run);
        }
        return new Waited(run, false);
    }

    private static void sleep(Duration interval) {
        try {
            Thread.sleep(interval);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCode.STOPPED, "interrupted while waiting", e);
        }
    }
}
