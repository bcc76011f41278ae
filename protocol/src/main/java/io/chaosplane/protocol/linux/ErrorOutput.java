package io.chaosplane.protocol.linux;

/** Why a task did not pass: a code such as {@code "E2008: CMD_PROBE_ERROR"} and a human-readable reason. */
public record ErrorOutput(String errorCode, String reason) {

    public static ErrorOutput of(ErrorCode code, String reason) {
        return new ErrorOutput(code.wire(), reason);
    }
}
