package io.chaosplane.agent.k8s.workflow;

import io.chaosplane.agent.AgentPlatform;
import io.chaosplane.agent.fault.ActiveFault;
import io.chaosplane.agent.fault.FaultException;
import io.chaosplane.agent.fault.FaultRun;
import io.chaosplane.agent.k8s.fault.KubernetesFault;
import io.chaosplane.agent.logs.TaskLog;
import io.chaosplane.agent.outbox.OutboxEntry;
import io.chaosplane.agent.probe.ProbeSession;
import io.chaosplane.agent.task.TaskExecution;
import io.chaosplane.agent.task.TaskHandler;
import io.chaosplane.agent.task.Tasks;
import io.chaosplane.protocol.catalog.FaultInputs;
import io.chaosplane.protocol.catalog.FieldError;
import io.chaosplane.protocol.k8s.ExecutionData;
import io.chaosplane.protocol.k8s.ExecutionTrees;
import io.chaosplane.protocol.k8s.KubernetesChaosExperiment;
import io.chaosplane.protocol.k8s.KubernetesWorkflow;
import io.chaosplane.protocol.linux.ChaosSpec;
import io.chaosplane.protocol.linux.ErrorCode;
import io.chaosplane.protocol.linux.ErrorOutput;
import io.chaosplane.protocol.linux.ExperimentInput;
import io.chaosplane.protocol.linux.ProbeStatus;
import io.chaosplane.protocol.linux.Task;
import io.chaosplane.protocol.linux.TaskResult;
import io.chaosplane.protocol.linux.TaskResultRequest;
import io.chaosplane.protocol.linux.TaskStatus;
import io.chaosplane.protocol.linux.Verdict;
import io.chaosplane.protocol.units.GoDuration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Runs a whole {@code KubernetesChaosExperiment} (a task's {@code action.workflow}): steps one after the other, the
 * tasks of a step at the same time, each task as the Linux agent runs a fault (validate, probes before, inject under
 * the journal, wait out the duration or an abort, revert, probes after). Progress goes out as {@code WORKFLOW_EVENT}s
 * after every change of a node; each task logs to its own stream; the run's result goes through the outbox. The
 * shared task loop refuses a workflow beyond the limits it was planned under ({@code PlannedLimits}) or while a kill
 * switch is off, and aborts it on a halt: its faults are reverted and it reports Stopped, with the refusal's reason.
 */
public final class WorkflowRunner implements TaskHandler {

    private static final System.Logger LOG = System.getLogger(WorkflowRunner.class.getName());
    private static final Duration WAIT_SLICE = Duration.ofMillis(200);

    private final AgentPlatform.Services services;
    private final Map<String, KubernetesFault<?>> faults;
    private final EventSender events;
    private final RunnerPolicy policy;

    public WorkflowRunner(
            AgentPlatform.Services services,
            List<KubernetesFault<?>> faults,
            WorkflowEventClient eventClient,
            RunnerPolicy policy) {
        this.services = services;
        this.policy = policy;
        this.faults = faults.stream().collect(Collectors.toUnmodifiableMap(KubernetesFault::name, fault -> fault));
        this.events = new EventSender(services.config().stateDir().resolve("workflow-events"), eventClient);
    }

    @Override
    public void run(TaskExecution execution) {
        Task task = execution.task();
        KubernetesWorkflow workflow =
                task.action() == null ? null : task.action().workflow();
        if (workflow == null
                || workflow.experiment() == null
                || workflow.experiment().spec() == null) {
            deliver(
                    task,
                    new TaskResult(
                            TaskStatus.ERROR,
                            Verdict.ERROR,
                            ErrorOutput.of(
                                    ErrorCode.INVALID_TASK,
                                    "the task has no action.workflow: this runner runs whole Kubernetes experiments"),
                            "0",
                            List.of()),
                    "");
            return;
        }
        // The cluster operator's policy judges the whole experiment before anything is injected: a run must not stop
        // half-way, with earlier steps' chaos done, on a step the runner was never going to allow.
        Optional<String> refused = policy.refusal(workflow, services.catalog());
        if (refused.isPresent()) {
            LOG.log(System.Logger.Level.WARNING, "task {0} refused: {1}", task.taskName(), refused.get());
            deliver(
                    task,
                    new TaskResult(
                            TaskStatus.ERROR,
                            Verdict.ERROR,
                            ErrorOutput.of(ErrorCode.INVALID_TASK, refused.get()),
                            "0",
                            List.of()),
                    refused.get());
            return;
        }
        WorkflowReporter reporter =
                new WorkflowReporter(workflow, services.identity().get().infraId(), events, services.clock());
        Runnable stopStatus =
                Tasks.reportStatus(services.controlPlane(), services.config().statusInterval(), execution);
        List<NodeOutcome> outcomes = new ArrayList<>();
        try {
            reporter.started();
            for (List<KubernetesChaosExperiment.StepTask> step :
                    workflow.experiment().spec().steps()) {
                outcomes.addAll(runStep(execution, workflow, step, reporter));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            stopStatus.run();
        }
        TaskResult result = result(execution, outcomes);
        reporter.finished(
                result.taskStatus() == TaskStatus.STOPPED
                        ? ExecutionTrees.STOPPED
                        : result.taskStatus() == TaskStatus.ERROR ? ExecutionTrees.FAILED : ExecutionTrees.SUCCEEDED,
                result.errorOutput() == null ? "" : result.errorOutput().reason());
        deliver(
                task,
                result,
                outcomes.stream()
                        .map(outcome -> outcome.task() + ": " + outcome.verdict()
                                + (outcome.reason() == null ? "" : " (" + outcome.reason() + ")"))
                        .collect(Collectors.joining("\n")));
    }

    private List<NodeOutcome> runStep(
            TaskExecution execution,
            KubernetesWorkflow workflow,
            List<KubernetesChaosExperiment.StepTask> step,
            WorkflowReporter reporter)
            throws InterruptedException {
        List<NodeOutcome> outcomes = new ArrayList<>();
        if (execution.aborted()) {
            for (KubernetesChaosExperiment.StepTask stepTask : step) {
                NodeOutcome outcome = NodeOutcome.stopped(
                        stepTask.name(),
                        execution.refusal() != null ? execution.refusal() : "the run was aborted before this task",
                        List.of(),
                        0);
                reporter.node(stepTask.name(), node -> outcome.applyTo(node, reporter.now()));
                outcomes.add(outcome);
            }
            return outcomes;
        }
        try (ExecutorService parallel = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<NodeOutcome>> running = step.stream()
                    .map(stepTask -> parallel.submit(() -> runTask(execution, workflow, stepTask.name(), reporter)))
                    .toList();
            for (Future<NodeOutcome> future : running) {
                try {
                    outcomes.add(future.get());
                } catch (ExecutionException e) {
                    LOG.log(System.Logger.Level.ERROR, "a task failed unexpectedly", e.getCause());
                }
            }
        }
        return outcomes;
    }

    private NodeOutcome runTask(
            TaskExecution execution, KubernetesWorkflow workflow, String name, WorkflowReporter reporter) {
        Task carrier = execution.task();
        String streamId =
                workflow.streamIDs() == null ? null : workflow.streamIDs().get(name);
        TaskLog log = services.logShipper()
                .open(new Task(
                        carrier.taskName() + "/" + name,
                        null,
                        carrier.lceUID(),
                        streamId == null ? workflow.experiment().spec().experimentRunId() + "-" + name : streamId,
                        carrier.accountID(),
                        null,
                        carrier.logServiceURL(),
                        carrier.logToken()));
        NodeOutcome outcome;
        try {
            outcome = execute(execution, workflow, name, reporter, log);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcome = NodeOutcome.stopped(name, "the runner stopped while the task ran", List.of(), 0);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "task " + name + " failed unexpectedly", e);
            outcome = NodeOutcome.error(name, ErrorCode.INJECTION_FAILED, "the runner failed: " + e, List.of());
        }
        log.info("[End]: " + name + " " + outcome.verdict() + ", probe success " + outcome.probeSuccessPercentage()
                + "%");
        services.logShipper().close(log);
        NodeOutcome ended = outcome;
        reporter.node(name, node -> ended.applyTo(node, reporter.now()));
        return outcome;
    }

    /** A step task's fault as the Linux agent's chaos spec; empty when the task has no definition. */
    static Optional<ChaosSpec> chaosOf(KubernetesWorkflow workflow, String name) {
        KubernetesChaosExperiment.Task task = workflow.experiment().task(name).orElse(null);
        if (task == null || task.definition() == null || task.definition().chaos() == null) {
            return Optional.empty();
        }
        KubernetesChaosExperiment.Chaos definition = task.definition().chaos();
        return Optional.of(new ChaosSpec(
                definition.experiment(),
                definition.envList().stream()
                        .map(env -> new ExperimentInput(env.name(), env.value()))
                        .toList(),
                workflow.probesOf(task),
                task.definition().targets()));
    }

    private NodeOutcome execute(
            TaskExecution execution, KubernetesWorkflow workflow, String name, WorkflowReporter reporter, TaskLog log)
            throws InterruptedException {
        Optional<ChaosSpec> spec = chaosOf(workflow, name);
        if (spec.isEmpty()) {
            return invalid(name, log, "step task " + name + " has no task definition");
        }
        ChaosSpec chaos = spec.get();
        List<FieldError> errors = services.catalog().validate(chaos);
        if (!errors.isEmpty()) {
            return invalid(name, log, errors.stream().map(FieldError::toString).collect(Collectors.joining("; ")));
        }
        if (chaos.probeList().stream()
                .anyMatch(probe ->
                        probe.cmdProbeInputs() != null && probe.cmdProbeInputs().source() != null)) {
            return invalid(
                    name,
                    log,
                    "cmdProbe/inputs.source (a command run in a probe pod) is not supported by this"
                            + " runner; leave it out and the command runs in the runner");
        }
        KubernetesFault<?> fault = faults.get(chaos.experiment());
        if (fault == null) {
            return NodeOutcome.error(
                    name, ErrorCode.FAULT_NOT_SUPPORTED, "this runner does not run " + chaos.experiment(), List.of());
        }
        if (chaos.targets() == null || chaos.targets().workloads().isEmpty()) {
            return invalid(name, log, "targets.selectors.workloads is required");
        }
        FaultInputs inputs = services.catalog().resolve(chaos.experiment(), chaos.inputs());
        long started = reporter.now();
        reporter.node(
                name,
                node -> new ExecutionData.Node(
                        node.name(),
                        ExecutionTrees.RUNNING,
                        "",
                        Long.toString(started),
                        "",
                        node.children(),
                        node.type(),
                        new ExecutionData.ChaosData(
                                node.chaosData().namespace(),
                                node.chaosData().experimentName(),
                                ExecutionTrees.RUNNING,
                                Long.toString(started),
                                "Awaited",
                                "",
                                "",
                                "",
                                "",
                                node.chaosData().streamID(),
                                null)));
        log.info("[Start]: " + chaos.experiment() + " FAULT START", inputs.asText());
        CountDownLatch stopEarly = new CountDownLatch(1);
        ProbeSession probes = services.probes().session(chaos.probeList(), log, stopEarly::countDown);
        try {
            log.info("[Status]: Verify experiment steady state");
            probes.beforeChaos();
            Duration ramp = inputs.optionalDuration("RAMP_TIME").orElse(Duration.ZERO);
            if (!ramp.isZero()) {
                log.info("[Ramp]: Waiting " + GoDuration.format(ramp) + " before injecting");
            }
            if (execution.aborted() || waitOut(ramp, null, execution)) {
                return stopped(name, probes, log);
            }
            if (!probes.stopRequested()) {
                String revertFailure = injectAndRevert(execution, fault, chaos, inputs, probes, stopEarly, log);
                if (revertFailure != null) {
                    return NodeOutcome.error(name, ErrorCode.REVERT_FAILED, revertFailure, probes.statuses());
                }
            }
            if (execution.aborted()) {
                return stopped(name, probes, log);
            }
            log.info("[Status]: Verify experiment steady state after chaos");
            probes.afterChaos();
            return probes.failure()
                    .map(failure -> new NodeOutcome(
                            name,
                            NodeOutcome.FAIL,
                            probes.successPercentage(),
                            switch (failure.type()) {
                                case CMD -> ErrorCode.CMD_PROBE_ERROR;
                                case HTTP -> ErrorCode.HTTP_PROBE_ERROR;
                                case K8S -> ErrorCode.K8S_PROBE_ERROR;
                            },
                            failure.probeName() + " failed in " + failure.phase() + ": " + failure.reason(),
                            probes.statuses()))
                    .orElseGet(() -> new NodeOutcome(
                            name, NodeOutcome.PASS, probes.successPercentage(), null, null, probes.statuses()));
        } catch (FaultException e) {
            log.error("[Error]: " + e.getMessage());
            return NodeOutcome.error(name, ErrorCode.INJECTION_FAILED, e.getMessage(), probes.statuses());
        } finally {
            probes.abandon();
        }
    }

    /** Returns why the revert failed, or null when it worked. */
    private String injectAndRevert(
            TaskExecution execution,
            KubernetesFault<?> fault,
            ChaosSpec chaos,
            FaultInputs inputs,
            ProbeSession probes,
            CountDownLatch stopEarly,
            TaskLog log)
            throws FaultException, InterruptedException {
        Duration duration = inputs.chaosDuration().orElse(Duration.ZERO);
        log.info("[Chaos]: Injecting " + fault.name() + " for " + GoDuration.format(duration));
        ActiveFault active = services.supervisor()
                .inject(
                        new FaultRun(execution.name(), execution.task().lceUID()),
                        fault.aimedAt(chaos.targets()),
                        inputs,
                        log);
        try {
            probes.chaosInjected();
            if (waitOut(duration, stopEarly, execution)) {
                log.warn("[Chaos]: Ending the chaos early: "
                        + (execution.aborted() ? "the run was aborted" : "a probe with stopOnFailure failed"));
            }
            probes.chaosEnding();
        } finally {
            log.info("[Chaos]: Reverting " + fault.name());
            try {
                services.supervisor().revert(active);
                log.info("[Chaos]: Reverted " + fault.name());
            } catch (FaultException e) {
                log.error("[Error]: " + e.getMessage() + "; the watchdog tries again at " + active.deadline());
                return e.getMessage();
            }
        }
        return null;
    }

    /** Waits out {@code duration}; returns early (true) on abort or when a stopOnFailure probe failed. */
    private static boolean waitOut(Duration duration, CountDownLatch stopEarly, TaskExecution execution)
            throws InterruptedException {
        long end = System.nanoTime() + duration.toNanos();
        while (true) {
            long left = end - System.nanoTime();
            if (execution.aborted()) {
                return true;
            }
            if (left <= 0) {
                return false;
            }
            long slice = Math.min(left, WAIT_SLICE.toNanos());
            if (stopEarly == null) {
                TimeUnit.NANOSECONDS.sleep(slice);
            } else if (stopEarly.await(slice, TimeUnit.NANOSECONDS)) {
                return true;
            }
        }
    }

    private static NodeOutcome stopped(String name, ProbeSession probes, TaskLog log) throws InterruptedException {
        probes.abandon();
        log.warn("[Status]: The run was aborted");
        return NodeOutcome.stopped(name, "the run was aborted", probes.statuses(), probes.successPercentage());
    }

    private static NodeOutcome invalid(String name, TaskLog log, String reason) {
        log.error("[Error]: The task is invalid: " + reason);
        return NodeOutcome.error(name, ErrorCode.INVALID_TASK, reason, List.of());
    }

    /** The run's result: stopped when aborted, an error when a task could not run, else Pass unless one failed. */
    private static TaskResult result(TaskExecution execution, List<NodeOutcome> outcomes) {
        List<ProbeStatus> statuses = outcomes.stream()
                .flatMap(outcome -> outcome.probeStatuses().stream())
                .toList();
        int percentage = outcomes.isEmpty()
                ? 0
                : (int) Math.round(outcomes.stream()
                        .mapToInt(NodeOutcome::probeSuccessPercentage)
                        .average()
                        .orElse(0));
        NodeOutcome firstError = outcomes.stream()
                .filter(outcome -> outcome.verdict().equals(NodeOutcome.ERROR))
                .findFirst()
                .orElse(null);
        NodeOutcome firstFailure = outcomes.stream()
                .filter(outcome -> outcome.verdict().equals(NodeOutcome.FAIL))
                .findFirst()
                .orElse(null);
        if (execution.aborted()
                || outcomes.stream().anyMatch(outcome -> outcome.verdict().equals(NodeOutcome.STOPPED))) {
            return new TaskResult(
                    TaskStatus.STOPPED,
                    Verdict.STOPPED,
                    // a refused task (beyond its planned limits, a kill switch) says why, as the Linux agent does
                    ErrorOutput.of(
                            ErrorCode.ABORTED,
                            execution.refusal() != null ? execution.refusal() : "the run was aborted"),
                    Integer.toString(percentage),
                    statuses);
        }
        if (firstError != null) {
            return new TaskResult(
                    TaskStatus.ERROR,
                    Verdict.ERROR,
                    ErrorOutput.of(firstError.errorCode(), firstError.task() + ": " + firstError.reason()),
                    Integer.toString(percentage),
                    statuses);
        }
        if (firstFailure != null) {
            return new TaskResult(
                    TaskStatus.COMPLETED,
                    Verdict.FAIL,
                    ErrorOutput.of(firstFailure.errorCode(), firstFailure.task() + ": " + firstFailure.reason()),
                    Integer.toString(percentage),
                    statuses);
        }
        return new TaskResult(TaskStatus.COMPLETED, Verdict.PASS, null, Integer.toString(percentage), statuses);
    }

    private void deliver(Task task, TaskResult result, String logs) {
        services.outbox().add(new OutboxEntry.Result(task.taskName(), new TaskResultRequest(result, logs)));
    }

    /** Stops sending events; for shutdown. */
    public void close() {
        events.close();
    }

    EventSender events() {
        return events;
    }
}
