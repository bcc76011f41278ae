package io.chaosplane.protocol.linux;

import java.util.List;

/**
 * Answer to liveness: {@code {"message":"OK"}}, with the halts that cover the agent's infrastructure when there are
 * any ({@code halts}, an addition to the seed; see {@link Halt}), and {@code chaosEnabled: false} while the
 * infrastructure's kill switch is off (another addition; left out otherwise).
 */
public record LivenessResponse(String message, List<Halt> halts, Boolean chaosEnabled) {

    public static final LivenessResponse OK = new LivenessResponse("OK");

    public LivenessResponse(String message) {
        this(message, null, null);
    }

    public LivenessResponse(String message, List<Halt> halts) {
        this(message, halts, null);
    }

    /** The answer naming the halts in force ({@link #OK} when there are none). */
    public static LivenessResponse withHalts(List<Halt> active) {
        return withHalts(active, true);
    }

    /**
     * The answer naming the halts in force, and {@code chaosEnabled: false} while the infrastructure's kill switch is
     * off (left out when chaos is enabled, as the seed's answer is).
     */
    public static LivenessResponse withHalts(List<Halt> active, boolean chaosEnabled) {
        List<Halt> halts = active == null || active.isEmpty() ? null : List.copyOf(active);
        return halts == null && chaosEnabled ? OK : new LivenessResponse("OK", halts, chaosEnabled ? null : false);
    }

    /** Whether chaos is enabled on the agent's infrastructure: only an explicit {@code false} turns it off. */
    public boolean chaosAllowed() {
        return !Boolean.FALSE.equals(chaosEnabled);
    }

    /** The halts in force for the agent, never {@code null}. */
    public List<Halt> activeHalts() {
        return halts == null ? List.of() : halts;
    }
}
