package io.chaosplane.controlplane.logs;

import io.chaosplane.controlplane.access.AccessGuard;
import io.chaosplane.controlplane.run.RunService;
import io.chaosplane.controlplane.run.RunViews.RunView;
import io.chaosplane.service.web.NotFoundException;
import io.chaosplane.service.web.ServiceUnavailableException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.io.InputStream;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;

/**
 * A run's execution logs, read through the control plane: whoever may read the run may read its streams, with no
 * token of their own, from the control plane's origin (the browser's log pane follows the tail here).
 */
@RestController
@Validated
@RequestMapping("/api/v1/runs/{runId}/logs")
@Tag(name = "Runs")
class RunLogsController {

    private final RunService runs;
    private final AccessGuard guard;
    private final ObjectProvider<LogServiceClient> logService;
    private final TailRelays relays;

    RunLogsController(
            RunService runs, AccessGuard guard, ObjectProvider<LogServiceClient> logService, TailRelays relays) {
        this.runs = runs;
        this.guard = guard;
        this.logService = logService;
        this.relays = relays;
    }

    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "A page of one fault's log lines (its streamID), in order; X-Stream-Closed and X-Next-Pos"
                    + " tell whether more will come and where the next page starts")
    ResponseEntity<String> page(
            @PathVariable UUID runId,
            @RequestParam String streamID,
            @RequestParam(defaultValue = "0") @Min(0) long fromPos,
            @RequestParam(defaultValue = "1000") @Min(1) @Max(5000) int limit) {
        String account = streamOf(runs.get(runId), streamID);
        LogServiceClient.Page page = client().read(account, streamID, fromPos, limit);
        return ResponseEntity.ok()
                .header("X-Stream-Closed", Boolean.toString(page.closed()))
                .header("X-Next-Pos", Long.toString(page.nextPos()))
                .contentType(MediaType.APPLICATION_JSON)
                .body(page.linesJson());
    }

    @GetMapping(path = "/tail", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(
            summary = "Follow one fault's log lines as Server-Sent Events: what exists, then each new line as it is"
                    + " stored, then 'end'; the headers come at once and every event is sent as it arrives")
    ResponseEntity<ResponseBodyEmitter> tail(
            @PathVariable UUID runId,
            @RequestParam String streamID,
            @RequestParam(defaultValue = "0") @Min(0) long fromPos) {
        String account = streamOf(runs.get(runId), streamID);
        // connected before answering, so that a stream the log service does not know is still a 404 problem body
        InputStream upstream = client().tail(account, streamID, fromPos);
        ResponseBodyEmitter emitter = relays.relay(upstream);
        return ResponseEntity.ok()
                .contentType(MediaType.TEXT_EVENT_STREAM)
                .header(HttpHeaders.CACHE_CONTROL, "no-cache")
                // no proxy in front (nginx and the like) may hold the events back to fill a buffer
                .header("X-Accel-Buffering", "no")
                .body(emitter);
    }

    /** The account of the run, if the stream is one of its faults'. */
    private String streamOf(RunView run, String streamId) {
        boolean ofRun = run.steps().stream()
                .flatMap(step -> step.faults().stream())
                .anyMatch(fault -> streamId.equals(fault.streamID()));
        if (!ofRun) {
            throw new NotFoundException("stream '" + streamId + "' is not one of run " + run.runId() + "'s");
        }
        return guard.caller().accountId();
    }

    private LogServiceClient client() {
        LogServiceClient client = logService.getIfAvailable();
        if (client == null) {
            throw new ServiceUnavailableException("no log service is configured: set CHAOSPLANE_LOG_SERVICE_URL and"
                    + " CHAOSPLANE_LOG_TOKENS_SECRET");
        }
        return client;
    }
}
