package io.chaosplane.agent.remote;

import io.chaosplane.agent.config.Secret;
import io.chaosplane.protocol.linux.ConfirmRequest;
import io.chaosplane.protocol.linux.ConfirmResponse;
import io.chaosplane.protocol.linux.LivenessResponse;
import io.chaosplane.protocol.linux.TaskList;
import io.chaosplane.protocol.linux.TaskLogsRequest;
import io.chaosplane.protocol.linux.TaskResultRequest;
import io.chaosplane.protocol.linux.TaskStatusRequest;
import io.chaosplane.protocol.linux.TaskStatusResponse;
import java.time.Duration;

/**
 * The whole conversation of an agent with the control plane (seed 001, "Infrastructure Management (Linux)"). The HTTP
 * client implements it for real; tests swap in a fake. Every call throws {@link RemoteException} when it fails.
 */
public interface ControlPlane {

    /** Registers the agent once with its install token; the answer's access key replaces the token. */
    ConfirmResponse confirm(ConfirmRequest request, String infraId, Secret installToken);

    /** Tells the control plane the agent is alive; the answer may name halts over the agent's infrastructure. */
    LivenessResponse liveness();

    /**
     * Takes up to {@code limit} queued tasks under a lease, waiting up to {@code wait} for one to arrive. With a
     * limit of 0 the answer only carries abort news.
     */
    TaskList poll(Duration wait, int limit);

    /** Reports a task's progress; the answer says whether the task was aborted meanwhile. */
    TaskStatusResponse status(String taskName, TaskStatusRequest request);

    /** Delivers a batch of a task's log lines. */
    void logs(TaskLogsRequest request);

    /** Delivers a task's result; delivering the same result twice changes nothing. */
    void result(String taskName, TaskResultRequest request);
}
