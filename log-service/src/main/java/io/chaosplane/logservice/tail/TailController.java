package io.chaosplane.logservice.tail;

import io.chaosplane.logservice.access.StreamAccess;
import io.chaosplane.logservice.common.StreamNames;
import io.chaosplane.logservice.line.LineReader;
import io.chaosplane.logservice.wakeup.StreamWakeups;
import io.chaosplane.service.token.LogStreamTokens;
import io.chaosplane.service.token.LogStreamTokens.Permission;
import io.chaosplane.service.web.InvalidInputException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** Follows a stream as Server-Sent Events, for the browser. */
@RestController
@RequestMapping({"/log-service", "/gateway/log-service"})
@Tag(name = "Log streams")
@SecurityRequirement(name = "logToken")
class TailController {

    private final StreamAccess access;
    private final LineReader reader;
    private final StreamWakeups wakeups;
    private final TailSessions sessions;
    private final TailProperties properties;

    TailController(
            StreamAccess access,
            LineReader reader,
            StreamWakeups wakeups,
            TailSessions sessions,
            TailProperties properties) {
        this.access = access;
        this.reader = reader;
        this.wakeups = wakeups;
        this.sessions = sessions;
        this.properties = properties;
    }

    @GetMapping(path = "/tail", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(summary = "Follow a log stream (Server-Sent Events)", description = """
            Sends the stored lines from fromPos on, then each new line as it is stored: events named "line" whose \
            data is the line as JSON and whose id is its pos. When the stream is closed and every line was sent, \
            an event "end" with {"closed":true,"nextPos":n} ends the response. A reconnecting EventSource sends \
            Last-Event-ID and resumes after that line. A stream not opened yet is waited for. Comments keep an \
            idle connection alive. Needs a READ token, in X-Harness-Token or, since EventSource cannot set \
            headers, in the token parameter.""")
    SseEmitter tail(
            @Parameter(hidden = true) @RequestHeader(name = LogStreamTokens.HEADER, required = false) String token,
            @Parameter(description = "the READ token, for EventSource") @RequestParam(name = "token", required = false)
                    String tokenParameter,
            @RequestParam("accountID")
                    @Pattern(regexp = StreamNames.ACCOUNT_PATTERN, message = StreamNames.ACCOUNT_MESSAGE)
                    String accountId,
            @RequestParam("key") @Pattern(regexp = StreamNames.KEY_PATTERN, message = StreamNames.KEY_MESSAGE)
                    String key,
            @Parameter(description = "first position to send; Last-Event-ID wins when both are given")
                    @RequestParam(name = "fromPos", defaultValue = "0")
                    @Min(0)
                    long fromPos,
            @Parameter(description = "pos of the last line received, sent by a reconnecting EventSource")
                    @RequestHeader(name = "Last-Event-ID", required = false)
                    String lastEventId) {
        access.require(token != null ? token : tokenParameter, accountId, key, Permission.READ);
        long start = lastEventId == null || lastEventId.isBlank() ? fromPos : after(lastEventId);
        SseEmitter emitter = new SseEmitter(properties.maxDuration().toMillis());
        sessions.start(new TailSession(emitter, reader, wakeups, properties, accountId, key, start), emitter);
        return emitter;
    }

    private static long after(String lastEventId) {
        try {
            long last = Long.parseLong(lastEventId.trim());
            if (last >= 0) {
                return last + 1;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw InvalidInputException.of("Last-Event-ID", "must be the pos of a line, a number 0 or more");
    }
}
