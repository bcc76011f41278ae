package io.chaosplane.protocol.linux;

/** Answer to liveness: {@code {"message":"OK"}}. */
public record LivenessResponse(String message) {

    public static final LivenessResponse OK = new LivenessResponse("OK");
}
