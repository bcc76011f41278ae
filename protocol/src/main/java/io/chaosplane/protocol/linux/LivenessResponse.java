package io.chaosplane.protocol.linux;

import java.util.List;

/**
 * Answer to liveness: {@code {"message":"OK"}}, with the halts that cover the agent's infrastructure when there are
 * any ({@code halts}, an addition to the seed; see {@link Halt}).
 */
public record LivenessResponse(String message, List<Halt> halts) {

    public static final LivenessResponse OK = new LivenessResponse("OK");

    public LivenessResponse(String message) {
        this(message, null);
    }

    /** The answer naming the halts in force ({@link #OK} when there are none). */
    public static LivenessResponse withHalts(List<Halt> active) {
        return active == null || active.isEmpty() ? OK : new LivenessResponse("OK", List.copyOf(active));
    }

    /** The halts in force for the agent, never {@code null}. */
    public List<Halt> activeHalts() {
        return halts == null ? List.of() : halts;
    }
}
