package io.chaosplane.protocol.linux;

import java.util.List;

/**
 * Answer to {@code GET .../infra/task}: the tasks handed to this agent under a lease, and the names of tasks the agent
 * holds that were aborted since ({@code abortTaskNames}, an addition to the seed). Those of them stopped for a pause are
 * listed again in {@code pauseTaskNames} (another addition): they come back on resume, so their log streams stay open.
 * {@code halts} (an addition too) names the halts that cover the agent's infrastructure: the agent reverts everything
 * and takes no task while any is named. {@code chaosEnabled} (another addition) is {@code false} while the
 * infrastructure's kill switch is off: the agent reverts everything and refuses every task; it is left out otherwise.
 */
public record TaskList(
        List<Task> taskList,
        Boolean isActive,
        List<String> abortTaskNames,
        List<String> pauseTaskNames,
        List<Halt> halts,
        Boolean chaosEnabled) {

    /** The explicit "nothing to do" answer. */
    public static final TaskList EMPTY = new TaskList(List.of(), false, null);

    /** A task list without pauses or halts, as the seed knows it. */
    public TaskList(List<Task> taskList, Boolean isActive, List<String> abortTaskNames) {
        this(taskList, isActive, abortTaskNames, null, null);
    }

    public TaskList(List<Task> taskList, Boolean isActive, List<String> abortTaskNames, List<String> pauseTaskNames) {
        this(taskList, isActive, abortTaskNames, pauseTaskNames, null, null);
    }

    public TaskList(
            List<Task> taskList,
            Boolean isActive,
            List<String> abortTaskNames,
            List<String> pauseTaskNames,
            List<Halt> halts) {
        this(taskList, isActive, abortTaskNames, pauseTaskNames, halts, null);
    }

    /** Whether chaos is enabled on the agent's infrastructure: only an explicit {@code false} turns it off. */
    public boolean chaosAllowed() {
        return !Boolean.FALSE.equals(chaosEnabled);
    }

    /** This answer saying whether chaos is enabled (left out when it is, as the seed's answer is). */
    public TaskList withChaosEnabled(boolean enabled) {
        return new TaskList(taskList, isActive, abortTaskNames, pauseTaskNames, halts, enabled ? null : Boolean.FALSE);
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

    /** The halts in force for the agent, never {@code null}. */
    public List<Halt> activeHalts() {
        return halts == null ? List.of() : halts;
    }

    /** This answer with the halts in force named ({@code null} when there are none, as the seed's answer is). */
    public TaskList withHalts(List<Halt> active) {
        return new TaskList(
                taskList,
                isActive,
                abortTaskNames,
                pauseTaskNames,
                active == null || active.isEmpty() ? null : active,
                chaosEnabled);
    }
}
