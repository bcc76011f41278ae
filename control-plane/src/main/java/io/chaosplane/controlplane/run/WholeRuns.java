package io.chaosplane.controlplane.run;

import io.chaosplane.controlplane.infra.AgentPrincipal;
import io.chaosplane.controlplane.run.RunViews.RunView;
import io.chaosplane.protocol.k8s.KubernetesWorkflow;
import io.chaosplane.protocol.linux.ChaosSpec;
import io.chaosplane.protocol.linux.Task;
import io.chaosplane.protocol.linux.TaskAction;
import io.chaosplane.protocol.linux.TaskList;
import io.chaosplane.protocol.linux.TaskLogsRequest;
import io.chaosplane.protocol.linux.TaskResultRequest;
import io.chaosplane.protocol.linux.TaskStatusRequest;
import io.chaosplane.protocol.linux.TaskStatusResponse;
import io.chaosplane.service.web.NotFoundException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs that go to their agent as one task, the whole experiment, as Kubernetes chaos runners take them: what the
 * kubernetes feature needs of dispatch. Polls, status and results go through the same queue, leases and aborts as
 * Linux tasks; the runner's news of each fault arrives through {@link #apply}.
 */
@Service
public class WholeRuns {

    /** A whole run as its agent sees it: the run, its faults with their chaos, and the task that carries it. */
    public record WholeRun(RunView run, UUID infrastructureId, UUID taskId, String taskName, List<Fault> faults) {}

    /** One fault of a whole run, in step order. */
    public record Fault(String name, int step, ChaosSpec chaos, String streamID) {}

    private final AgentTasks tasks;
    private final RunLedger ledger;
    private final RunReader reader;
    private final RunProgress progress;
    private final ObjectProvider<TaskLogSink> logs;
    private final TransactionTemplate transactions;

    WholeRuns(
            AgentTasks tasks,
            RunLedger ledger,
            RunReader reader,
            RunProgress progress,
            ObjectProvider<TaskLogSink> logs,
            TransactionTemplate transactions) {
        this.tasks = tasks;
        this.ledger = ledger;
        this.reader = reader;
        this.progress = progress;
        this.logs = logs;
        this.transactions = transactions;
    }

    /** Hands out queued runs under a lease, each as one task whose action is the workflow {@code workflow} makes. */
    public TaskList poll(
            AgentPrincipal agent, int limit, Duration wait, Function<WholeRun, KubernetesWorkflow> workflow)
            throws InterruptedException {
        return tasks.poll(agent, limit, wait, (carrier, link, lease) -> {
            WholeRun run = wholeRun(
                            agent.accountId(),
                            ledger.find(agent.accountId(), carrier.runId()).orElseThrow())
                    .orElseThrow();
            return new Task(
                    carrier.taskName(),
                    new TaskAction(null, workflow.apply(run)),
                    carrier.faultId().toString(),
                    carrier.streamId(),
                    agent.accountId(),
                    lease,
                    link.map(LogLinks.LogLink::url).orElse(null),
                    link.map(LogLinks.LogLink::token).orElse(null));
        });
    }

    public TaskStatusResponse status(AgentPrincipal agent, String taskName, TaskStatusRequest request) {
        return tasks.status(agent, taskName, request);
    }

    /** The end of the run's task; faults it never reported done are settled by it. Repeating it changes nothing. */
    public void result(AgentPrincipal agent, String taskName, TaskResultRequest request) {
        tasks.result(agent, taskName, request);
    }

    /** A batch of log lines of one of the agent's streams, for the log service. */
    public void logs(AgentPrincipal agent, TaskLogsRequest request) {
        AgentBodies.checkLogs(request);
        if (request.accountID() != null && !request.accountID().equals(agent.accountId())) {
            throw new NotFoundException("stream '" + request.streamID() + "' not found");
        }
        tasks.checkOwnsStream(agent, request.streamID());
        TaskLogSink sink = logs.getIfAvailable();
        if (sink != null && request.logs() != null && !request.logs().isEmpty()) {
            sink.append(agent.accountId(), request.streamID(), request.logs());
        }
    }

    /** The whole run, if it is one and runs on the agent's infrastructure. */
    public Optional<WholeRun> find(AgentPrincipal agent, UUID runId) {
        return transactions.execute(status -> ledger.find(agent.accountId(), runId)
                .filter(state -> state.run().wholeRun())
                .filter(state -> agent.infrastructureId().equals(state.carrier().infrastructureId()))
                .flatMap(state -> wholeRun(agent.accountId(), state)));
    }

    /**
     * Applies the agent's news of the run's faults (never moving one backwards) and moves the run on. The caller has
     * made sure the run is a whole run of the agent's ({@link #find}).
     */
    public void apply(AgentPrincipal agent, UUID runId, List<FaultUpdate> updates) {
        transactions.executeWithoutResult(status -> {
            RunState state = ledger.lock(agent.accountId(), runId)
                    .filter(locked -> locked.run().wholeRun())
                    .orElseThrow(() -> new NotFoundException("run '" + runId + "' not found"));
            progress.applyUpdates(agent.accountId(), state, updates);
        });
    }

    private Optional<WholeRun> wholeRun(String accountId, RunState state) {
        FaultRow carrier = state.carrier();
        return reader.view(accountId, state.run().id())
                .map(view -> new WholeRun(
                        view,
                        carrier.infrastructureId(),
                        carrier.id(),
                        carrier.taskName(),
                        state.faults().stream()
                                .map(fault -> new Fault(fault.name(), fault.step(), fault.chaos(), fault.streamId()))
                                .toList()));
    }
}
