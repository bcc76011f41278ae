package io.chaosplane.agent.task;

/**
 * Runs one claimed task from start to result. The Linux agent's {@link TaskRunner} runs one fault; a platform whose
 * tasks carry more (the Kubernetes runner's whole experiment run) brings its own. The task loop calls it on a virtual
 * thread of its own and frees the slot when it returns.
 */
@FunctionalInterface
public interface TaskHandler {

    void run(TaskExecution execution);
}
