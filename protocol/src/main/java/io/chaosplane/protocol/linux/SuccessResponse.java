package io.chaosplane.protocol.linux;

/** The {@code {"success":true}} answer of the status, logs and result calls. */
public record SuccessResponse(Boolean success) {

    public static final SuccessResponse OK = new SuccessResponse(true);
}
