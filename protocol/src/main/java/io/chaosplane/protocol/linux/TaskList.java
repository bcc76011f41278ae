package io.chaosplane.protocol.linux;

import java.util.List;

/**
 * Answer to {@code GET .../infra/task}: the tasks handed to this agent under a lease, and the names of tasks the agent
 * holds that were aborted since ({@code abortTaskNames}, an addition to the seed).
 */
public record TaskList(List<Task> taskList, Boolean isActive, List<String> abortTaskNames) {

    /** The explicit "nothing to do" answer. */
    public static final TaskList EMPTY = new TaskList(List.of(), false, null);

    /** The handed-out tasks, never {@code null}. */
    public List<Task> tasks() {
        return taskList == null ? List.of() : taskList;
    }

    /** The aborted task names, never {@code null}. */
    public List<String> abortedTaskNames() {
        return abortTaskNames == null ? List.of() : abortTaskNames;
    }
}
