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
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;

/**
 * The control plane behind a circuit breaker, with retries for the calls that are safe and useful to repeat at once.
 * Confirm and poll are not retried here: a confirm whose answer was lost cannot be repeated with the same one-time
 * token, and a poll whose answer was lost has leased tasks that a second poll would not return; their loops back off
 * instead. Liveness is not retried either: the next beat comes soon.
 */
public final class ResilientControlPlane implements ControlPlane {

    private final ControlPlane delegate;
    private final Resilience resilience;

    public ResilientControlPlane(ControlPlane delegate, ResilienceSettings settings) {
        this.delegate = delegate;
        this.resilience = new Resilience("control-plane", settings);
    }

    @Override
    public ConfirmResponse confirm(ConfirmRequest request, String infraId, Secret installToken) {
        return resilience.call(false, () -> delegate.confirm(request, infraId, installToken));
    }

    @Override
    public LivenessResponse liveness() {
        return resilience.call(false, delegate::liveness);
    }

    @Override
    public TaskList poll(Duration wait, int limit) {
        return resilience.call(false, () -> delegate.poll(wait, limit));
    }

    @Override
    public TaskStatusResponse status(String taskName, TaskStatusRequest request) {
        return resilience.call(true, () -> delegate.status(taskName, request));
    }

    @Override
    public void logs(TaskLogsRequest request) {
        resilience.run(true, () -> delegate.logs(request));
    }

    @Override
    public void result(String taskName, TaskResultRequest request) {
        resilience.run(true, () -> delegate.result(taskName, request));
    }

    /** The breaker's state, for tests and the agent's own log. */
    public CircuitBreaker.State circuitState() {
        return resilience.state();
    }
}
