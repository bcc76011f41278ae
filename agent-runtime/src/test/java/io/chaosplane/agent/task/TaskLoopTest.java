package io.chaosplane.agent.task;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosplane.agent.config.CommandProbePolicy;
import io.chaosplane.agent.config.HostPolicy;
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
import io.chaosplane.protocol.linux.Halt;
import io.chaosplane.protocol.linux.Task;
import io.chaosplane.protocol.linux.TaskLimits;
import io.chaosplane.protocol.linux.TaskResult;
import io.chaosplane.protocol.linux.TaskResultRequest;
import io.chaosplane.protocol.linux.TaskStatus;
import io.chaosplane.protocol.linux.Verdict;
import io.chaosplane.protocol.logs.LogLine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskLoopTest {

    private static final Duration WAIT = Duration.ofMillis(300);

    @TempDir
    Path dir;

    private final FakeControlPlane controlPlane = new FakeControlPlane();
    private final FakeLogService logService = new FakeLogService();
    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private RecordingFault fault;
    private FaultSupervisor supervisor;
    private Outbox outbox;
    private TaskLoop loop;
    private HaltWatch halts;

    @BeforeEach
    void assemble() throws Exception {
        // a host policy that allows what the other tests do; one test narrows it
        Files.writeString(dir.resolve("policy.properties"), "duration.max=1h\n");
        fault = new RecordingFault("linux-cpu-stress", dir.resolve("markers"));
        FaultRegistry registry = new FaultRegistry(List.of(fault));
        supervisor = new FaultSupervisor(
                new FaultJournal(dir.resolve("journal")), registry, Clock.systemUTC(), Duration.ofSeconds(5));
        outbox = new Outbox(dir.resolve("outbox"), controlPlane, logService, 1000);
        TaskRunner runner = new TaskRunner(
                FaultCatalog.standard(),
                registry,
                supervisor,
                new ProbeEngine(CommandProbePolicy.disabled()),
                new LogShipper(outbox, Clock.systemUTC(), 100, dir.resolve("paused")),
                outbox,
                controlPlane,
                new StatusReporter(controlPlane, Duration.ofMillis(100)),
                () -> "infra-1");
        RunningTasks running = new RunningTasks();
        halts = new HaltWatch(running);
        loop = new TaskLoop(
                controlPlane,
                WAIT,
                2,
                running,
                halts,
                new LocalKillSwitch(Optional.of(dir.resolve("chaos-enabled"))),
                new PlannedLimits(FaultCatalog.standard()),
                new HostPolicyCheck(HostPolicy.load(dir.resolve("policy.properties")), FaultCatalog.standard()),
                runner,
                executor,
                new PollBackoff(
                        WAIT,
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(10),
                        Duration.ofSeconds(60),
                        UnaryOperator.identity()),
                sleeps::add,
                Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        executor.shutdownNow();
        supervisor.close();
    }

    @Test
    void claimsOnlyAsManyTasksAsItHasFreeSlots() throws Exception {
        controlPlane.enqueue(TestTasks.cpuStress("t1", "1s"));
        controlPlane.enqueue(TestTasks.cpuStress("t2", "3s"));
        controlPlane.enqueue(TestTasks.cpuStress("t3", "1s"));

        loop.pollOnce();
        assertThat(controlPlane.pollLimits()).containsExactly(2);
        awaitInForce(2);

        long started = System.nanoTime();
        loop.pollOnce();
        assertThat(Duration.ofNanos(System.nanoTime() - started))
                .as("no poll before t1 frees its slot")
                .isGreaterThan(Duration.ofMillis(500));
        assertThat(controlPlane.pollLimits()).containsExactly(2, 1);

        awaitResults("t1", "t2", "t3");
    }

    @Test
    void backsOffWhileTheControlPlaneIsDownAndPollsAtOnceAfterWork() throws Exception {
        controlPlane.down(true);
        loop.pollOnce();
        loop.pollOnce();
        loop.pollOnce();
        controlPlane.down(false);
        controlPlane.enqueue(TestTasks.cpuStress("t1", "1s"));
        loop.pollOnce();
        loop.pollOnce();

        assertThat(sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
        awaitResults("t1");
    }

    @Test
    void abortNewsInAPollStopsTheRunningTask() throws Exception {
        controlPlane.enqueue(TestTasks.cpuStress("t1", "30s"));
        loop.pollOnce();
        controlPlane.abort("t1");
        long started = System.nanoTime();
        loop.pollOnce();

        TaskResult result = awaitResult("t1").result();
        assertThat(result.taskStatus()).isEqualTo(TaskStatus.STOPPED);
        assertThat(result.verdict()).isEqualTo(Verdict.STOPPED);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThat(fault.inForce()).isZero();
    }

    @Test
    void aPauseRevertsTheFaultLogsAPauseAndLeavesTheStreamOpenForTheResumedAttempt() throws Exception {
        Task task = TestTasks.withLogService(TestTasks.cpuStress("t1", "30s"), "http://logs/log-service", "tok");
        controlPlane.enqueue(task);
        loop.pollOnce();
        awaitInForce(1);
        controlPlane.pause("t1");
        loop.pollOnce();

        TaskResultRequest paused = awaitResult("t1");
        assertThat(paused.result().taskStatus()).isEqualTo(TaskStatus.STOPPED);
        assertThat(paused.logs()).contains("The run was paused").doesNotContain("aborted");
        assertThat(fault.inForce()).isZero();
        awaitDelivered();
        assertThat(logService.calls()).extracting(FakeLogService.Call::verb).doesNotContain("close");

        controlPlane.resume(
                TestTasks.withLogService(TestTasks.cpuStress("t1", "30s"), "http://logs/log-service", "tok"));
        loop.pollOnce();
        awaitInForce(1);
        controlPlane.abort("t1");
        loop.pollOnce();

        TaskResultRequest aborted = awaitResult("t1");
        assertThat(aborted.logs()).contains("Resumed after a pause", "The task was aborted");
        awaitDelivered();
        List<FakeLogService.Call> calls = logService.calls();
        assertThat(calls.getLast().verb()).isEqualTo("close");
        assertThat(calls.stream().filter(call -> call.verb().equals("close"))).hasSize(1);
        List<Long> positions = calls.stream()
                .flatMap(call -> call.lines().stream())
                .map(LogLine::pos)
                .toList();
        assertThat(positions)
                .as("both attempts' lines, numbered on from the first's last")
                .containsExactlyElementsOf(java.util.stream.LongStream.range(0, positions.size())
                        .boxed()
                        .toList());
        assertThat(controlPlane.logLines("stream-t1")).extracting(LogLine::pos).containsExactlyElementsOf(positions);
    }

    private void awaitDelivered() throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < until && (outbox.deliver() > 0 || outbox.pending() > 0)) {
            Thread.sleep(20);
        }
        assertThat(outbox.pending()).isZero();
    }

    @Test
    void aHaltInAPollRevertsTheFaultRefusesTasksUntilLiftedThenTakesThemAgain() throws Exception {
        controlPlane.enqueue(TestTasks.cpuStress("t1", "30s"));
        loop.pollOnce();
        awaitInForce(1);

        controlPlane.halt(new Halt("h1", "project", "incident"));
        long started = System.nanoTime();
        loop.pollOnce();
        assertThat(awaitResult("t1").result().taskStatus()).isEqualTo(TaskStatus.STOPPED);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThat(fault.inForce()).isZero();
        assertThat(halts.halted()).isTrue();

        controlPlane.enqueue(TestTasks.cpuStress("t2", "30s"));
        loop.pollOnce();
        assertThat(awaitResult("t2").result().taskStatus()).isEqualTo(TaskStatus.STOPPED);
        assertThat(fault.events().stream().filter(event -> event.equals("inject")))
                .hasSize(1);

        controlPlane.liftHalts();
        controlPlane.enqueue(TestTasks.cpuStress("t3", "1s"));
        loop.pollOnce();
        assertThat(halts.halted()).isFalse();
        assertThat(awaitResult("t3").result().taskStatus()).isEqualTo(TaskStatus.COMPLETED);
    }

    @Test
    void aHaltHeardOnLivenessRevertsEveryFaultWhileEverySlotIsBusy() throws Exception {
        controlPlane.enqueue(TestTasks.cpuStress("t1", "30s"));
        controlPlane.enqueue(TestTasks.cpuStress("t2", "30s"));
        loop.pollOnce();
        awaitInForce(2);

        halts.heard(controlPlane.liveness().activeHalts()); // none yet: nothing happens
        assertThat(fault.inForce()).isEqualTo(2);
        controlPlane.halt(new Halt("h1", "account", "incident"));
        halts.heard(controlPlane.liveness().activeHalts());

        assertThat(awaitResult("t1").result().taskStatus()).isEqualTo(TaskStatus.STOPPED);
        assertThat(awaitResult("t2").result().taskStatus()).isEqualTo(TaskStatus.STOPPED);
        assertThat(fault.inForce()).isZero();
    }

    @Test
    void theHostsKillSwitchFileRefusesEveryTaskWithItsReasonUntilItIsEnabledAgain() throws Exception {
        Path killSwitch = dir.resolve("chaos-enabled");
        Files.writeString(killSwitch, "false\n");

        controlPlane.enqueue(TestTasks.cpuStress("t1", "30s"));
        loop.pollOnce();
        TaskResultRequest refused = awaitResult("t1");
        assertThat(refused.result().taskStatus()).isEqualTo(TaskStatus.STOPPED);
        assertThat(refused.result().errorOutput().reason())
                .isEqualTo("chaos is disabled on this host by " + killSwitch);
        assertThat(fault.events()).doesNotContain("inject");

        Files.writeString(killSwitch, "true\n"); // read again for the next task: no restart needed
        controlPlane.enqueue(TestTasks.cpuStress("t2", "1s"));
        loop.pollOnce();
        assertThat(awaitResult("t2").result().taskStatus()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(fault.events().stream().filter("inject"::equals)).hasSize(1);
    }

    @Test
    void theHostPolicyFileRefusesATaskOutsideItBeforeAnythingIsInjectedAndIsReadAgainForEachTask() throws Exception {
        Path policy = dir.resolve("policy.properties");
        Files.writeString(policy, "faults.allow=linux-memory-stress\n");

        controlPlane.enqueue(TestTasks.cpuStress("t1", "30s"));
        loop.pollOnce();
        TaskResultRequest refused = awaitResult("t1");
        assertThat(refused.result().taskStatus()).isEqualTo(TaskStatus.STOPPED);
        assertThat(refused.result().errorOutput().reason())
                .isEqualTo("task refused by the host policy " + policy
                        + ": fault linux-cpu-stress is not in faults.allow [linux-memory-stress]");
        assertThat(fault.events()).doesNotContain("inject");

        Files.writeString(policy, "faults.allow=linux-*-stress\n");
        controlPlane.enqueue(TestTasks.cpuStress("t2", "1s"));
        loop.pollOnce();
        assertThat(awaitResult("t2").result().taskStatus()).isEqualTo(TaskStatus.COMPLETED);

        Files.setPosixFilePermissions(policy, PosixFilePermissions.fromString("rw-rw-rw-"));
        controlPlane.enqueue(TestTasks.cpuStress("t3", "1s"));
        loop.pollOnce();
        TaskResultRequest untrusted = awaitResult("t3");
        assertThat(untrusted.result().taskStatus()).isEqualTo(TaskStatus.STOPPED);
        assertThat(untrusted.result().errorOutput().reason())
                .startsWith("task refused: host policy file " + policy + " is refused:")
                .contains("writable by its group or others");
        assertThat(fault.events().stream().filter("inject"::equals)).hasSize(1);
    }

    @Test
    void aKillSwitchFileThatCannotBeReadRefusesTheTask() throws Exception {
        Files.createDirectory(dir.resolve("chaos-enabled")); // exists, but is no readable file

        controlPlane.enqueue(TestTasks.cpuStress("t1", "30s"));
        loop.pollOnce();

        TaskResultRequest refused = awaitResult("t1");
        assertThat(refused.result().taskStatus()).isEqualTo(TaskStatus.STOPPED);
        assertThat(refused.result().errorOutput().reason()).startsWith("chaos is disabled on this host:");
        assertThat(fault.events()).doesNotContain("inject");
    }

    @Test
    void aForgedTaskLongerThanItsPlannedMaximumIsRefusedBeforeAnythingIsInjected() throws Exception {
        controlPlane.enqueue(TestTasks.withLimits(TestTasks.cpuStress("t1", "10m"), new TaskLimits(300L, null, null)));
        controlPlane.enqueue(TestTasks.withLimits(TestTasks.cpuStress("t2", "1s"), new TaskLimits(300L, null, null)));
        loop.pollOnce();

        TaskResultRequest refused = awaitResult("t1");
        assertThat(refused.result().taskStatus()).isEqualTo(TaskStatus.STOPPED);
        assertThat(refused.result().errorOutput().reason())
                .isEqualTo("task refused: it lasts 10m0s, more than the 5m0s its policies allowed when it was planned");
        assertThat(refused.logs()).contains("The task was refused");
        assertThat(awaitResult("t2").result().taskStatus()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(fault.events().stream().filter("inject"::equals))
                .as("only the task within its limits")
                .hasSize(1);
    }

    @Test
    void aForgedTaskOfAFaultItsEnvironmentDidNotAllowIsRefused() throws Exception {
        controlPlane.enqueue(TestTasks.withLimits(
                TestTasks.cpuStress("t1", "1s"), new TaskLimits(null, List.of("linux-memory-stress"), null)));
        loop.pollOnce();

        TaskResultRequest refused = awaitResult("t1");
        assertThat(refused.result().taskStatus()).isEqualTo(TaskStatus.STOPPED);
        assertThat(refused.result().errorOutput().reason())
                .startsWith("task refused: fault linux-cpu-stress is not one its infrastructure's environment allowed");
        assertThat(fault.events()).doesNotContain("inject");
    }

    @Test
    void aTaskBeyondTheMostFaultsAtOnceIsRefusedWhileTheOneWithinRuns() throws Exception {
        TaskLimits oneAtATime = new TaskLimits(null, null, 1);
        controlPlane.enqueue(TestTasks.withLimits(TestTasks.cpuStress("t1", "30s"), oneAtATime));
        loop.pollOnce();
        awaitInForce(1);
        controlPlane.enqueue(TestTasks.withLimits(TestTasks.cpuStress("t2", "30s"), oneAtATime));
        loop.pollOnce();

        TaskResultRequest refused = awaitResult("t2");
        assertThat(refused.result().errorOutput().reason())
                .isEqualTo("task refused: this agent would hold 2 faults at once, more than the 1 its policies"
                        + " allowed when it was planned");
        assertThat(fault.inForce()).isEqualTo(1);
        assertThat(fault.events().stream().filter("inject"::equals)).hasSize(1);

        controlPlane.abort("t1");
        loop.pollOnce();
        assertThat(awaitResult("t1").result().taskStatus()).isEqualTo(TaskStatus.STOPPED);
        assertThat(fault.inForce()).isZero();
    }

    @Test
    void chaosDisabledInTheControlPlaneRevertsTheRunningFaultAndRefusesEveryTaskUntilEnabledAgain() throws Exception {
        controlPlane.enqueue(TestTasks.cpuStress("t1", "30s"));
        loop.pollOnce();
        awaitInForce(1);

        controlPlane.chaosEnabled(false);
        halts.heard(
                controlPlane.liveness().activeHalts(), controlPlane.liveness().chaosAllowed());
        TaskResultRequest reverted = awaitResult("t1");
        assertThat(reverted.result().taskStatus()).isEqualTo(TaskStatus.STOPPED);
        assertThat(reverted.result().errorOutput().reason()).isEqualTo(HaltWatch.DISABLED_REASON);
        assertThat(fault.inForce()).isZero();

        controlPlane.enqueue(TestTasks.cpuStress("t2", "1s"));
        loop.pollOnce();
        assertThat(awaitResult("t2").result().errorOutput().reason()).isEqualTo(HaltWatch.DISABLED_REASON);
        assertThat(fault.events().stream().filter("inject"::equals)).hasSize(1);

        controlPlane.chaosEnabled(true);
        controlPlane.enqueue(TestTasks.cpuStress("t3", "1s"));
        loop.pollOnce();
        assertThat(awaitResult("t3").result().taskStatus()).isEqualTo(TaskStatus.COMPLETED);
    }

    @Test
    void aTaskHandedOutTwiceRunsOnce() throws Exception {
        controlPlane.enqueue(TestTasks.cpuStress("t1", "1s"));
        controlPlane.enqueue(TestTasks.cpuStress("t1", "1s"));

        loop.pollOnce();

        awaitResults("t1");
        assertThat(fault.events().stream().filter("inject"::equals)).hasSize(1);
    }

    private TaskResultRequest awaitResult(String taskName) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < until && !controlPlane.results().containsKey(taskName)) {
            outbox.deliver();
            Thread.sleep(20);
        }
        return controlPlane.awaitResult(taskName, Duration.ZERO);
    }

    private void awaitInForce(long faults) throws Exception {
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < until && fault.inForce() != faults) {
            Thread.sleep(10);
        }
        assertThat(fault.inForce()).isEqualTo(faults);
    }

    private void awaitResults(String... taskNames) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < until && controlPlane.results().size() < taskNames.length) {
            outbox.deliver();
            Thread.sleep(50);
        }
        assertThat(controlPlane.results()).containsOnlyKeys(taskNames);
        assertThat(controlPlane.results().values())
                .allSatisfy(r -> assertThat(r.result().verdict()).isEqualTo(Verdict.PASS));
    }
}
