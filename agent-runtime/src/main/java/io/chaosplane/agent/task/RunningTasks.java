package io.chaosplane.agent.task;

import io.chaosplane.protocol.linux.Task;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The tasks this agent holds (claimed, waiting for a slot, or running), by name; where abort news is delivered. */
public final class RunningTasks {

    private static final System.Logger LOG = System.getLogger(RunningTasks.class.getName());

    private final Map<String, TaskExecution> byName = new ConcurrentHashMap<>();

    /**
     * Registers a claimed task; empty when a task of that name is held already (handed out twice). One held but
     * stopped for a pause is the attempt before: the resume may hand the task out again while that one still ships its
     * last lines and result, and the new attempt takes its place.
     */
    Optional<TaskExecution> claim(Task task) {
        TaskExecution execution = new TaskExecution(task);
        TaskExecution held = byName.compute(
                task.taskName(), (name, before) -> before == null || before.paused() ? execution : before);
        return held == execution ? Optional.of(execution) : Optional.empty();
    }

    void finished(TaskExecution execution) {
        byName.remove(execution.name(), execution);
    }

    /** Ends a held task's chaos and has it report Stopped; unknown names are ignored (the task ended meanwhile). */
    public void abort(String taskName) {
        TaskExecution execution = byName.get(taskName);
        if (execution != null && (!execution.aborted() || execution.paused())) {
            LOG.log(System.Logger.Level.INFO, "task {0} was aborted", taskName);
            execution.abort();
        }
    }

    /** Ends a held task's chaos with a reason of its own, which its Stopped report carries; unknown names ignored. */
    void refuse(String taskName, String reason) {
        TaskExecution execution = byName.get(taskName);
        if (execution != null) {
            LOG.log(System.Logger.Level.WARNING, "task {0} refused: {1}", taskName, reason);
            execution.refuse(reason);
        }
    }

    /**
     * Ends a held task's chaos for a pause: it reports Stopped like an abort, but its log stream stays open for the
     * attempt that the resume hands out; unknown names are ignored.
     */
    public void pause(String taskName) {
        TaskExecution execution = byName.get(taskName);
        if (execution != null && !execution.aborted()) {
            LOG.log(System.Logger.Level.INFO, "task {0} was paused", taskName);
            execution.pause();
        }
    }

    /** Refuses every held task with the reason (each reverts its fault and reports Stopped saying why). */
    void refuseAll(String reason) {
        List.copyOf(byName.keySet()).forEach(name -> refuse(name, reason));
    }

    /** How many held tasks are not stopped: the faults this agent has in force or is about to. */
    int active() {
        return (int) byName.values().stream()
                .filter(execution -> !execution.aborted())
                .count();
    }

    /** Aborts every held task, for shutdown. */
    public void abortAll() {
        List.copyOf(byName.keySet()).forEach(this::abort);
    }

    public int size() {
        return byName.size();
    }
}
