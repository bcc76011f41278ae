package io.chaosplane.agent.task;

import io.chaosplane.agent.fault.ActiveFault;
import io.chaosplane.agent.fault.Fault;
import io.chaosplane.agent.fault.FaultException;
import io.chaosplane.agent.fault.FaultRegistry;
import io.chaosplane.agent.fault.FaultRun;
import io.chaosplane.agent.fault.FaultSupervisor;
import io.chaosplane.agent.logs.LogShipper;
import io.chaosplane.agent.logs.TaskLog;
import io.chaosplane.agent.outbox.Outbox;
import io.chaosplane.agent.outbox.OutboxEntry;
import io.chaosplane.agent.probe.ProbeEngine;
import io.chaosplane.agent.probe.ProbeSession;
import io.chaosplane.agent.probe.StopConditionWatch;
import io.chaosplane.agent.remote.ControlPlane;
import io.chaosplane.agent.remote.RemoteException;
import io.chaosplane.protocol.catalog.FaultCatalog;
import io.chaosplane.protocol.catalog.FaultInputs;
import io.chaosplane.protocol.catalog.FieldError;
import io.chaosplane.protocol.linux.ChaosSpec;
import io.chaosplane.protocol.linux.ErrorCode;
import io.chaosplane.protocol.linux.ProbeOutcome;
import io.chaosplane.protocol.linux.ProbeStatus;
import io.chaosplane.protocol.linux.ProbeVerdict;
import io.chaosplane.protocol.linux.Task;
import io.chaosplane.protocol.linux.TaskResult;
import io.chaosplane.protocol.linux.TaskResultRequest;
import io.chaosplane.protocol.linux.TaskStatus;
import io.chaosplane.protocol.units.GoDuration;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Runs one task from claim to result: validate, report Running, probes before, inject, wait out the duration (or an
 * abort, a failing stopOnFailure probe, or a breached command stop condition), revert, probes after, result. The result and the log lines go through the
 * outbox, so that nothing here waits on the control plane; the revert happens whatever else goes wrong.
 */
public final class TaskRunner implements TaskHandler {

    private static final System.Logger LOG = System.getLogger(TaskRunner.class.getName());

    private final FaultCatalog catalog;
    private final FaultRegistry faults;
    private final FaultSupervisor supervisor;
    private final ProbeEngine probeEngine;
    private final LogShipper logShipper;
    private final Outbox outbox;
    private final ControlPlane controlPlane;
    private final StatusReporter statusReporter;
    private final Supplier<String> infraId;

    TaskRunner(
            FaultCatalog catalog,
            FaultRegistry faults,
            FaultSupervisor supervisor,
            ProbeEngine probeEngine,
            LogShipper logShipper,
            Outbox outbox,
            ControlPlane controlPlane,
            StatusReporter statusReporter,
            Supplier<String> infraId) {
        this.catalog = catalog;
        this.faults = faults;
        this.supervisor = supervisor;
        this.probeEngine = probeEngine;
        this.logShipper = logShipper;
        this.outbox = outbox;
        this.controlPlane = controlPlane;
        this.statusReporter = statusReporter;
        this.infraId = infraId;
    }

    @Override
    public void run(TaskExecution execution) {
        Task task = execution.task();
        TaskLog log = logShipper.open(task);
        TaskResult result;
        try {
            result = execute(execution, log);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result = Outcome.stopped("the agent stopped while the task ran");
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "task " + task.taskName() + " failed unexpectedly", e);
            result = Outcome.error(ErrorCode.INJECTION_FAILED, "the agent failed: " + e, List.of());
        }
        log.info("[Result]: Task " + result.taskStatus() + ", verdict " + result.verdict() + ", probe success "
                + result.probeSuccessPercentage() + "%");
        // a task that ended by itself as the pause came is over: only a stopped one comes back on resume
        if (execution.paused() && result.taskStatus() == TaskStatus.STOPPED) {
            logShipper.pause(log);
        } else {
            logShipper.close(log);
        }
        deliver(task.taskName(), new TaskResultRequest(result, log.text()));
    }

    /** Through the outbox; straight to the control plane when the disk cannot take it (a disk-fill fault). */
    private void deliver(String taskName, TaskResultRequest result) {
        try {
            outbox.add(new OutboxEntry.Result(taskName, result));
        } catch (UncheckedIOException e) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "cannot store the result of {0} ({1}); sending it directly",
                    taskName,
                    e.getMessage());
            try {
                controlPlane.result(taskName, result);
            } catch (RemoteException failure) {
                LOG.log(System.Logger.Level.ERROR, "the result of " + taskName + " is lost", failure);
            }
        }
    }

    private TaskResult execute(TaskExecution execution, TaskLog log) throws InterruptedException {
        ChaosSpec chaos = execution.task().chaos();
        if (chaos == null) {
            return invalid(log, "the task has no action.chaos member");
        }
        List<FieldError> errors = catalog.validate(chaos);
        if (!errors.isEmpty()) {
            return invalid(log, errors.stream().map(FieldError::toString).collect(Collectors.joining("; ")));
        }
        List<String> stopConditionProblems = probeEngine.stopConditionProblems(chaos.stopConditionList());
        if (!stopConditionProblems.isEmpty()) {
            return invalid(log, String.join("; ", stopConditionProblems));
        }
        Fault<?> fault = faults.find(chaos.experiment()).orElse(null);
        if (fault == null) {
            log.error("[Error]: This agent cannot run " + chaos.experiment());
            return Outcome.error(
                    ErrorCode.FAULT_NOT_SUPPORTED,
                    "fault " + chaos.experiment() + " is not supported by this agent; it runs " + faults.names(),
                    notEvaluated(chaos));
        }
        FaultInputs inputs = catalog.resolve(chaos.experiment(), chaos.inputs());
        StatusReporter.Reporting reporting = statusReporter.start(execution);
        try {
            return chaos(execution, fault, inputs, log);
        } finally {
            reporting.close();
        }
    }

    private TaskResult chaos(TaskExecution execution, Fault<?> fault, FaultInputs inputs, TaskLog log)
            throws InterruptedException {
        Task task = execution.task();
        ProbeSession probes = probeEngine.session(task.chaos().probeList(), log, execution::endChaosEarly);
        try {
            if (execution.aborted()) {
                return stopped(execution, probes, log);
            }
            log.info("[Status]: Verify experiment steady state");
            probes.beforeChaos();
            if (execution.aborted()) {
                return stopped(execution, probes, log);
            }
            AtomicReference<String> breach = new AtomicReference<>();
            if (!probes.stopRequested()) {
                String revertFailure = injectAndRevert(execution, fault, inputs, probes, breach, log);
                if (revertFailure != null) {
                    return Outcome.error(ErrorCode.REVERT_FAILED, revertFailure, probes);
                }
            }
            if (breach.get() != null && !execution.aborted()) {
                log.warn("[Status]: The fault is reverted; the control plane stops the run: " + breach.get());
                return Outcome.breached(probes, breach.get());
            }
            if (execution.aborted()) {
                return stopped(execution, probes, log);
            }
            log.info("[Status]: Verify experiment steady state after chaos");
            probes.afterChaos();
            return Outcome.completed(probes, infraId.get());
        } catch (FaultException e) {
            log.error("[Error]: " + e.getMessage());
            return Outcome.error(ErrorCode.INJECTION_FAILED, e.getMessage(), probes);
        } finally {
            probes.abandon();
        }
    }

    /**
     * Returns why the revert failed, or null when it worked. The task's command stop conditions are checked while the
     * fault is in force; a breach ends it early and is set in {@code breach}.
     */
    private String injectAndRevert(
            TaskExecution execution,
            Fault<?> fault,
            FaultInputs inputs,
            ProbeSession probes,
            AtomicReference<String> breach,
            TaskLog log)
            throws FaultException, InterruptedException {
        Duration duration = inputs.chaosDuration().orElse(Duration.ZERO);
        log.info("[Chaos]: Injecting " + fault.name() + " for " + GoDuration.format(duration), inputs.asText());
        ActiveFault active = supervisor.inject(
                new FaultRun(execution.name(), execution.task().lceUID()), fault, inputs, log);
        try {
            probes.chaosInjected();
            try (StopConditionWatch watch =
                    probeEngine.watch(execution.task().chaos().stopConditionList(), log, execution::endChaosEarly)) {
                if (execution.awaitEndEarly(duration)) {
                    watch.breach().ifPresent(breach::set);
                    log.warn("[Chaos]: Ending the chaos early: "
                            + (execution.paused()
                                    ? "the run was paused"
                                    : execution.aborted()
                                            ? "the task was aborted"
                                            : breach.get() != null
                                                    ? "a stop condition was breached"
                                                    : "a probe with stopOnFailure failed"));
                }
            }
            probes.chaosEnding();
        } finally {
            log.info("[Chaos]: Reverting " + fault.name());
            try {
                supervisor.revert(active);
                log.info("[Chaos]: Reverted " + fault.name());
            } catch (FaultException e) {
                log.error("[Error]: " + e.getMessage() + "; the watchdog tries again at " + active.deadline());
                return e.getMessage();
            }
        }
        return null;
    }

    private static TaskResult stopped(TaskExecution execution, ProbeSession probes, TaskLog log)
            throws InterruptedException {
        probes.abandon();
        if (execution.paused()) {
            log.warn("[Status]: The run was paused: the fault is reverted and goes on for what remains of it when the"
                    + " run is resumed");
            return Outcome.stopped(probes, "the run was paused");
        }
        if (execution.refusal() != null) {
            log.warn("[Status]: The task was refused: " + execution.refusal());
            return Outcome.stopped(probes, execution.refusal());
        }
        log.warn("[Status]: The task was aborted");
        return Outcome.stopped(probes, "the task was aborted");
    }

    private static TaskResult invalid(TaskLog log, String reason) {
        log.error("[Error]: The task is invalid: " + reason);
        return Outcome.error(ErrorCode.INVALID_TASK, reason, List.of());
    }

    private static List<ProbeStatus> notEvaluated(ChaosSpec chaos) {
        return chaos.probeList().stream()
                .map(probe -> new ProbeStatus(
                        probe.name(),
                        probe.type(),
                        probe.mode(),
                        new ProbeOutcome(ProbeVerdict.NOT_APPLICABLE, "Either probe is not executed or not evaluated")))
                .toList();
    }
}
