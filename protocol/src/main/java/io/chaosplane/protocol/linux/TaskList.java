package io.chaosplane.protocol.linux;

import java.util.List;

/**
 * Answer to {@code GET .../infra/task}: the tasks handed to this agent under a lease, and the names of tasks the agent
 * holds that were aborted since ({@code abortTaskNames}, an addition to the seed). Those of them stopped for a pause are
 * listed again in {@code pauseTaskNames} (another addition): they come back on resume, so their log streams stay open.
 */
public record TaskList(
        List<Task> taskList, Boolean isActive, List<String> abortTaskNames, List<String> pauseTaskNames) {

    /** The explicit "nothing to do" answer. */
    public static final TaskList EMPTY = new TaskList(List.of(), false, null, null);

    public TaskList(List<Task> taskList, Boolean isActive, List<String> abortTaskNames) {
        this(taskList, isActive, abortTaskNames, null);
    }

    /** The handed-out tasks, never {@code null}. */
    public List<Task> tasks() {
        return taskList == null ? List.of() : taskList;
    }

    /** The aborted task names (paused ones included), never {@code null}. */
    public List<String> abortedTaskNames() {
        return abortTaskNames == null ? List.of() : abortTaskNames;
    }

    /** Those of the aborted task names that are paused, never {@code null}. */
    public List<String> pausedTaskNames() {
        return pauseTaskNames == null ? List.of() : pauseTaskNames;
    }
}
