package io.chaosplane.protocol.linux;

/** Answer to a status post; {@code abort} (an addition to the seed) tells the agent to stop the task. */
public record TaskStatusResponse(Boolean success, Boolean abort) {

    public boolean abortRequested() {
        return Boolean.TRUE.equals(abort);
    }
}
