package io.chaosplane.protocol.linux;

/**
 * Answer to a status post; {@code abort} (an addition to the seed) tells the agent to stop the task, and {@code pause}
 * (another) that the stop is a pause: the task comes back on resume, so the agent keeps its log stream open.
 */
public record TaskStatusResponse(Boolean success, Boolean abort, Boolean pause) {

    public TaskStatusResponse(Boolean success, Boolean abort) {
        this(success, abort, null);
    }

    public boolean abortRequested() {
        return Boolean.TRUE.equals(abort);
    }

    /** The stop is a pause (an agent that does not know the member stops the task all the same). */
    public boolean pauseRequested() {
        return abortRequested() && Boolean.TRUE.equals(pause);
    }
}
