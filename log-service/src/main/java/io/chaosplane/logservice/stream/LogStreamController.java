package io.chaosplane.logservice.stream;

import com.fasterxml.jackson.annotation.JsonView;
import io.chaosplane.logservice.access.StreamAccess;
import io.chaosplane.logservice.common.PositionedLines;
import io.chaosplane.logservice.common.StreamNames;
import io.chaosplane.logservice.line.LineReader.LinePage;
import io.chaosplane.logservice.stream.StreamDirectory.Opened;
import io.chaosplane.logservice.stream.StreamDtos.Appended;
import io.chaosplane.logservice.stream.StreamDtos.BlobStored;
import io.chaosplane.logservice.stream.StreamDtos.StreamView;
import io.chaosplane.protocol.logs.LogLine;
import io.chaosplane.service.token.LogStreamTokens;
import io.chaosplane.service.token.LogStreamTokens.Permission;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Seed 001's log-stream calls, at their paths and behind the {@code /gateway} prefix. */
@RestController
@RequestMapping({"/log-service", "/gateway/log-service"})
@Tag(name = "Log streams", description = "Open, write, close and read execution log streams")
@SecurityRequirement(name = "logToken")
class LogStreamController {

    static final String CLOSED_HEADER = "X-Stream-Closed";
    static final String NEXT_POS_HEADER = "X-Next-Pos";

    private final StreamAccess access;
    private final LogStreamService streams;
    private final LimitsProperties limits;

    LogStreamController(StreamAccess access, LogStreamService streams, LimitsProperties limits) {
        this.access = access;
        this.streams = streams;
        this.limits = limits;
    }

    @PostMapping
    @Operation(
            summary = "Open a log stream",
            description =
                    "201 when opened, 200 when it was open already; 409 when " + "it is closed. Needs a WRITE token.")
    ResponseEntity<StreamView> open(
            @Parameter(hidden = true) @RequestHeader(name = LogStreamTokens.HEADER, required = false) String token,
            @RequestParam("accountID")
                    @Pattern(regexp = StreamNames.ACCOUNT_PATTERN, message = StreamNames.ACCOUNT_MESSAGE)
                    String accountId,
            @RequestParam("key") @Pattern(regexp = StreamNames.KEY_PATTERN, message = StreamNames.KEY_MESSAGE)
                    String key) {
        access.require(token, accountId, key, Permission.WRITE);
        Opened opened = streams.open(accountId, key);
        return ResponseEntity.status(opened.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .body(StreamView.of(opened.stream()));
    }

    @PutMapping(path = "/stream", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Append lines to a log stream", description = """
            A JSON array of seed 001's lines ({level, pos, out, time, args}); pos is required. Lines are kept in pos \
            order whatever order batches arrive in; a pos already stored keeps its first line, so sending a batch twice changes \
            nothing. A stream never opened is opened here (an agent's lost open call must not lose its lines); a \
            closed one answers 409. Answered once the lines are committed. Limits (413): out of one line, batch \
            lines and request body, see configuration. 503 with Retry-After when the service is too busy. Needs \
            a WRITE token.""")
    Appended append(
            @Parameter(hidden = true) @RequestHeader(name = LogStreamTokens.HEADER, required = false) String token,
            @RequestParam("accountID")
                    @Pattern(regexp = StreamNames.ACCOUNT_PATTERN, message = StreamNames.ACCOUNT_MESSAGE)
                    String accountId,
            @RequestParam("key") @Pattern(regexp = StreamNames.KEY_PATTERN, message = StreamNames.KEY_MESSAGE)
                    String key,
            @RequestBody @JsonView(PositionedLines.class) List<LogLine> lines) {
        access.require(token, accountId, key, Permission.WRITE);
        return streams.append(accountId, key, lines);
    }

    @PostMapping(path = "/blob", consumes = MediaType.TEXT_PLAIN_VALUE)
    @Operation(
            summary = "Store a whole log as text",
            description =
                    "Each line of the text becomes a line at level "
                            + "info, at positions after the stream's last. Opens the stream if needed; 409 when closed. Needs a WRITE token.")
    BlobStored blobText(
            @Parameter(hidden = true) @RequestHeader(name = LogStreamTokens.HEADER, required = false) String token,
            @RequestParam("accountID")
                    @Pattern(regexp = StreamNames.ACCOUNT_PATTERN, message = StreamNames.ACCOUNT_MESSAGE)
                    String accountId,
            @RequestParam("key") @Pattern(regexp = StreamNames.KEY_PATTERN, message = StreamNames.KEY_MESSAGE)
                    String key,
            @RequestBody String text) {
        access.require(token, accountId, key, Permission.WRITE);
        return streams.appendText(accountId, key, text);
    }

    @PostMapping(path = "/blob", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "Store a whole log as lines",
            description = "A JSON array of lines stored in array order at "
                    + "positions after the stream's last (their own pos is ignored). Opens the stream if needed; 409 when "
                    + "closed. Needs a WRITE token.")
    BlobStored blobLines(
            @Parameter(hidden = true) @RequestHeader(name = LogStreamTokens.HEADER, required = false) String token,
            @RequestParam("accountID")
                    @Pattern(regexp = StreamNames.ACCOUNT_PATTERN, message = StreamNames.ACCOUNT_MESSAGE)
                    String accountId,
            @RequestParam("key") @Pattern(regexp = StreamNames.KEY_PATTERN, message = StreamNames.KEY_MESSAGE)
                    String key,
            @RequestBody List<LogLine> lines) {
        access.require(token, accountId, key, Permission.WRITE);
        return streams.appendBlob(accountId, key, lines);
    }

    @DeleteMapping
    @Operation(
            summary = "Close a log stream",
            description = "Closing a closed stream is fine; 404 for a stream never "
                    + "opened. Tails end once they have sent every line. Needs a WRITE token.")
    StreamView close(
            @Parameter(hidden = true) @RequestHeader(name = LogStreamTokens.HEADER, required = false) String token,
            @RequestParam("accountID")
                    @Pattern(regexp = StreamNames.ACCOUNT_PATTERN, message = StreamNames.ACCOUNT_MESSAGE)
                    String accountId,
            @RequestParam("key") @Pattern(regexp = StreamNames.KEY_PATTERN, message = StreamNames.KEY_MESSAGE)
                    String key) {
        access.require(token, accountId, key, Permission.WRITE);
        return StreamView.of(streams.close(accountId, key));
    }

    @GetMapping("/stream")
    @Operation(
            summary = "Read a page of lines",
            description = """
            A plain JSON array of the stream's lines in pos order, from fromPos on, at most limit of them: the \
            same shape as the PUT body. Whether the stream is closed and where the next page starts are in the \
            headers. 404 for a stream never opened. Needs a READ token, in X-Harness-Token or, for browsers, in \
            the token parameter.""",
            responses =
                    @ApiResponse(
                            responseCode = "200",
                            description = "the lines",
                            headers = {
                                @Header(
                                        name = CLOSED_HEADER,
                                        description = "true when the stream is closed: once a page is "
                                                + "shorter than limit, there will be no more lines",
                                        schema = @Schema(type = "boolean")),
                                @Header(
                                        name = NEXT_POS_HEADER,
                                        description = "fromPos of the next page",
                                        schema = @Schema(type = "integer", format = "int64"))
                            }))
    ResponseEntity<List<LogLine>> read(
            @Parameter(hidden = true) @RequestHeader(name = LogStreamTokens.HEADER, required = false) String token,
            @Parameter(description = "the READ token, for clients that cannot set headers")
                    @RequestParam(name = "token", required = false)
                    String tokenParameter,
            @RequestParam("accountID")
                    @Pattern(regexp = StreamNames.ACCOUNT_PATTERN, message = StreamNames.ACCOUNT_MESSAGE)
                    String accountId,
            @RequestParam("key") @Pattern(regexp = StreamNames.KEY_PATTERN, message = StreamNames.KEY_MESSAGE)
                    String key,
            @Parameter(description = "first position to answer")
                    @RequestParam(name = "fromPos", defaultValue = "0")
                    @Min(0)
                    long fromPos,
            @Parameter(description = "lines at most, 1-5000")
                    @RequestParam(name = "limit", defaultValue = "1000")
                    @Min(1)
                    @Max(5000)
                    int limit) {
        access.require(token != null ? token : tokenParameter, accountId, key, Permission.READ);
        LinePage page = streams.read(accountId, key, fromPos, Math.min(limit, limits.maxPageLines()));
        return ResponseEntity.ok()
                .header(CLOSED_HEADER, Boolean.toString(page.closed()))
                .header(NEXT_POS_HEADER, Long.toString(page.nextPos(fromPos)))
                .body(page.lines());
    }
}
