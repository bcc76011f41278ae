package io.chaosplane.agent.task;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosplane.agent.config.CommandProbePolicy;
import io.chaosplane.agent.fault.FaultJournal;
import io.chaosplane.agent.fault.FaultRegistry;
import io.chaosplane.agent.fault.FaultSupervisor;
import io.chaosplane.agent.fault.RecordingFault;
import io.chaosplane.agent.logs.LogShipper;
import io.chaosplane.agent.outbox.Outbox;
import io.chaosplane.agent.probe.ProbeEngine;
import io.chaosplane.agent.testing.FakeControlPlane;
import io.chaosplane.agent.testing.FakeLogService;
import io.chaosplane.agent.testing.TestTasks;
import io.chaosplane.protocol.catalog.FaultCatalog;
import io.chaosplane.protocol.linux.ChaosSpec;
import io.chaosplane.protocol.linux.CommandStopCondition;
import io.chaosplane.protocol.linux.ErrorCode;
import io.chaosplane.protocol.linux.Task;
import io.chaosplane.protocol.linux.TaskAction;
import io.chaosplane.protocol.linux.TaskResult;
import io.chaosplane.protocol.linux.TaskStatus;
import io.chaosplane.protocol.linux.Verdict;
import io.chaosplane.protocol.probe.CmdProbeInputs;
import io.chaosplane.protocol.probe.Comparator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Command stop conditions on the agent: checked while the fault is in force; a breach reverts the fault at once and
 * reports the task Stopped with the breach, which the control plane turns into a stop of the whole run.
 */
class CommandStopConditionsTest {

    @TempDir
    Path dir;

    private final FakeControlPlane controlPlane = new FakeControlPlane();
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private RecordingFault fault;
    private FaultSupervisor supervisor;
    private Outbox outbox;
    private Path health;

    @BeforeEach
    void assemble() throws Exception {
        fault = new RecordingFault("linux-cpu-stress", dir.resolve("markers"));
        supervisor = new FaultSupervisor(
                new FaultJournal(dir.resolve("journal")),
                new FaultRegistry(List.of(fault)),
                Clock.systemUTC(),
                Duration.ofSeconds(5));
        outbox = new Outbox(dir.resolve("outbox"), controlPlane, new FakeLogService(), 1000);
        health = dir.resolve("health");
        Files.writeString(health, "ok\n");
    }

    @AfterEach
    void stop() {
        executor.shutdownNow();
        supervisor.close();
    }

    private TaskRunner runner(CommandProbePolicy policy) {
        return new TaskRunner(
                FaultCatalog.standard(),
                new FaultRegistry(List.of(fault)),
                supervisor,
                new ProbeEngine(policy),
                new LogShipper(outbox, Clock.systemUTC(), 100, dir.resolve("paused")),
                outbox,
                controlPlane,
                new StatusReporter(controlPlane, Duration.ofMillis(100)),
                () -> "infra-1");
    }

    private static Task guarded(String taskName, String duration, CommandStopCondition... conditions) {
        Task plain = TestTasks.cpuStress(taskName, duration);
        ChaosSpec chaos = plain.chaos();
        return new Task(
                plain.taskName(),
                new TaskAction(new ChaosSpec(
                        chaos.experiment(), chaos.experimentInputs(), chaos.probes(), null, List.of(conditions))),
                plain.lceUID(),
                plain.streamID(),
                plain.accountID(),
                plain.leaseSeconds(),
                null,
                null);
    }

    private CommandStopCondition healthFile(String onError, int tolerance) {
        return new CommandStopCondition(
                "health-file",
                "1s",
                tolerance,
                onError,
                new CmdProbeInputs("cat " + health, new Comparator("string", "equal", "ok"), null));
    }

    private void start(TaskRunner runner, Task task) {
        executor.execute(() -> runner.run(new TaskExecution(task)));
    }

    private TaskResult awaitResult(String taskName, Duration within) throws InterruptedException {
        long until = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < until && !controlPlane.results().containsKey(taskName)) {
            outbox.deliver();
            Thread.sleep(50);
        }
        assertThat(controlPlane.results()).containsKey(taskName);
        return controlPlane.results().get(taskName).result();
    }

    private void awaitInForce() throws Exception {
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < until && fault.inForce() != 1) {
            Thread.sleep(10);
        }
        assertThat(fault.inForce()).isEqualTo(1);
    }

    @Test
    void aBreachRevertsTheFaultAtOnceAndReportsTheTaskStoppedWithWhatWasSeen() throws Exception {
        start(runner(new CommandProbePolicy(true, List.of())), guarded("t1", "60s", healthFile(null, 1)));
        awaitInForce();
        long broken = System.nanoTime();

        Files.writeString(health, "down\n");

        TaskResult result = awaitResult("t1", Duration.ofSeconds(20));
        assertThat(Duration.ofNanos(System.nanoTime() - broken)).isLessThan(Duration.ofSeconds(10));
        assertThat(result.taskStatus()).isEqualTo(TaskStatus.STOPPED);
        assertThat(result.verdict()).isEqualTo(Verdict.STOPPED);
        assertThat(result.errorOutput().errorCode()).isEqualTo(ErrorCode.STOP_CONDITION_BREACHED.wire());
        assertThat(result.errorOutput().reason())
                .isEqualTo("stop condition health-file: output 'down' does not meet equal ok (2 failed checks in a"
                        + " row)");
        assertThat(fault.inForce()).isZero();
        assertThat(fault.events()).containsSubsequence("inject", "revert injected");
    }

    @Test
    void aHealthyConditionLetsTheFaultRunItsCourse() throws Exception {
        start(runner(new CommandProbePolicy(true, List.of())), guarded("t1", "3s", healthFile(null, 0)));

        TaskResult result = awaitResult("t1", Duration.ofSeconds(15));
        assertThat(result.taskStatus()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(result.verdict()).isEqualTo(Verdict.PASS);
        assertThat(fault.inForce()).isZero();
    }

    @Test
    void aCommandTheAgentMayNotRunIsABreachUnlessErrorsAreIgnored() throws Exception {
        // this agent's owner has not turned command probes on: the check cannot be made
        TaskRunner runner = runner(CommandProbePolicy.disabled());
        start(runner, guarded("ignored", "3s", healthFile("ignore", 0)));
        TaskResult ignored = awaitResult("ignored", Duration.ofSeconds(15));
        assertThat(ignored.taskStatus()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(ignored.verdict()).isEqualTo(Verdict.PASS);

        start(runner, guarded("breached", "60s", healthFile(null, 0)));
        TaskResult breached = awaitResult("breached", Duration.ofSeconds(15));
        assertThat(breached.taskStatus()).isEqualTo(TaskStatus.STOPPED);
        assertThat(breached.errorOutput().reason())
                .startsWith("stop condition health-file: not run: command probes are disabled on this agent");
        assertThat(fault.inForce()).isZero();
    }

    @Test
    void aConditionThatCannotBeCheckedRefusesTheTaskBeforeAnythingIsInjected() throws Exception {
        CommandStopCondition everyInstant = new CommandStopCondition(
                "too-often", "10ms", 0, null, new CmdProbeInputs("true", new Comparator("string", "equal", ""), null));
        start(runner(new CommandProbePolicy(true, List.of())), guarded("t1", "60s", everyInstant));

        TaskResult result = awaitResult("t1", Duration.ofSeconds(10));
        assertThat(result.taskStatus()).isEqualTo(TaskStatus.ERROR);
        assertThat(result.errorOutput().errorCode()).isEqualTo(ErrorCode.INVALID_TASK.wire());
        assertThat(result.errorOutput().reason())
                .contains("stop condition too-often: interval must be between 1s and 1h");
        assertThat(fault.events()).doesNotContain("inject");
    }
}
