package io.chaosplane.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chaosplane.agent.config.AgentConfig;
import io.chaosplane.agent.config.ConfigException;
import io.chaosplane.agent.config.ConfigLoader;
import io.chaosplane.agent.fault.Fault;
import io.chaosplane.agent.fault.FaultJournal;
import io.chaosplane.agent.fault.FaultRegistry;
import io.chaosplane.agent.fault.FaultRun;
import io.chaosplane.agent.fault.FaultSupervisor;
import io.chaosplane.agent.fault.RecordingFault;
import io.chaosplane.agent.logs.ExecutionLog;
import io.chaosplane.agent.remote.IdentityStore;
import io.chaosplane.agent.task.Sleeper;
import io.chaosplane.agent.testing.FakeControlPlane;
import io.chaosplane.agent.testing.FakeLogService;
import io.chaosplane.agent.testing.TestTasks;
import io.chaosplane.protocol.catalog.AgentCapabilities;
import io.chaosplane.protocol.catalog.FaultCatalog;
import io.chaosplane.protocol.linux.ErrorCode;
import io.chaosplane.protocol.linux.TaskResult;
import io.chaosplane.protocol.linux.TaskStatus;
import io.chaosplane.protocol.linux.Verdict;
import io.chaosplane.protocol.logs.LogLine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent end to end against an in-memory control plane, with a fault that only leaves a marker file. */
class AgentTest {

    @TempDir
    Path dir;

    private final FakeControlPlane controlPlane = new FakeControlPlane();
    private final FakeLogService logService = new FakeLogService();
    private final List<Agent> agents = new ArrayList<>();
    private RecordingFault fault;

    @AfterEach
    void stopAgents() {
        agents.forEach(Agent::close);
    }

    @Test
    void confirmsOnceAndARestartedAgentReusesItsAccessKey() throws Exception {
        Agent first = start();
        await(() -> controlPlane.livenessBeats() > 0, "first liveness");
        first.close();

        Path accessKey = dir.resolve("state/access-key");
        assertThat(Files.readString(accessKey).strip()).isEqualTo(FakeControlPlane.ACCESS_KEY);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(accessKey)))
                .isEqualTo("rw-------");

        int beats = controlPlane.livenessBeats();
        start();
        await(() -> controlPlane.livenessBeats() > beats, "liveness after restart");
        assertThat(controlPlane.confirms()).isEqualTo(1);
    }

    @Test
    void confirmReportsWhatThePlatformFoundItCanDo() throws Exception {
        AgentCapabilities found = new AgentCapabilities(false, List.of("sch_htb"), List.of("tc", "ip"), null);
        Agent agent = new Agent(
                config(Map.of("CHAOSPLANE_INSTALL_TOKEN", FakeControlPlane.INSTALL_TOKEN)),
                "test",
                "host-1",
                List.of(),
                new IdentityStore(dir.resolve("state")),
                controlPlane,
                logService,
                Clock.systemUTC(),
                Sleeper.REAL,
                AgentPlatform.linux().withCapabilities(() -> found));
        agents.add(agent);
        Thread.ofVirtual().start(() -> {
            try {
                agent.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });

        // liveness comes after confirm and the stored key, so nothing is written to the state directory after this
        await(() -> controlPlane.livenessBeats() > 0, "liveness after confirm");
        assertThat(controlPlane.lastConfirm().capabilities()).isEqualTo(found);
        assertThat(controlPlane.lastConfirm().hostname()).isEqualTo("host-1");
    }

    @Test
    void aNewInstallTokenAfterAKeyResetConfirmsAgainAndReplacesTheStoredKey() throws Exception {
        Agent first = start();
        await(() -> controlPlane.livenessBeats() > 0, "first liveness");
        first.close();
        String newToken = controlPlane.resetKey();

        int beats = controlPlane.livenessBeats();
        Agent restarted = start(Map.of("CHAOSPLANE_INSTALL_TOKEN", newToken));
        await(() -> controlPlane.livenessBeats() > beats, "liveness with the new key");
        restarted.close();
        assertThat(controlPlane.confirms()).isEqualTo(2);
        assertThat(Files.readString(dir.resolve("state/access-key")).strip()).isNotEqualTo(FakeControlPlane.ACCESS_KEY);

        start(Map.of("CHAOSPLANE_INSTALL_TOKEN", newToken));
        int beatsAfter = controlPlane.livenessBeats();
        await(() -> controlPlane.livenessBeats() > beatsAfter, "liveness after a plain restart");
        assertThat(controlPlane.confirms())
                .as("the same token again is no reason to confirm")
                .isEqualTo(2);
    }

    @Test
    void aStoredKeyOfAnotherInfrastructureIsNotUsedForThisOne() throws Exception {
        Agent first = start();
        await(() -> controlPlane.livenessBeats() > 0, "first liveness");
        first.close();

        Agent agent = agent(Map.of("CHAOSPLANE_INFRA_ID", "infra-2"), List.of());

        assertThatThrownBy(agent::run)
                .isInstanceOf(ConfigException.class)
                .hasMessage("the state directory holds the access key of infrastructure infra-1, not of infra-2:"
                        + " give install.token for infra-2, or another state.dir");
    }

    @Test
    void theFirstStartNeedsTheInstallToken() {
        Agent agent = agent(Map.of(), List.of());

        assertThatThrownBy(agent::run)
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("install.token is required on the first start");
    }

    @Test
    void aRefusedInstallTokenStopsTheAgentInsteadOfRetrying() {
        Agent agent = agent(Map.of("CHAOSPLANE_INSTALL_TOKEN", "used-up"), List.of());

        assertThatThrownBy(agent::run)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("install.token works once: ask for a new one");
        assertThat(dir.resolve("state/access-key")).doesNotExist();
    }

    @Test
    void runsATaskAndDeliversStatusLogsAndResult() throws Exception {
        start();
        controlPlane.enqueue(
                TestTasks.withLogService(TestTasks.cpuStress("t1", "1s"), "http://logs/log-service", "log-token"));

        TaskResult result =
                controlPlane.awaitResult("t1", Duration.ofSeconds(10)).result();

        assertThat(result.taskStatus()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(result.verdict()).isEqualTo(Verdict.PASS);
        assertThat(result.probeSuccessPercentage()).isEqualTo("100");
        assertThat(controlPlane.statuses()).contains("t1:RUNNING");
        assertThat(fault.events()).containsSubsequence("plan", "inject", "revert injected");
        List<LogLine> lines = controlPlane.logLines("stream-t1");
        assertThat(lines)
                .extracting(LogLine::pos)
                .isSorted()
                .doesNotHaveDuplicates()
                .startsWith(0L);
        assertThat(lines)
                .extracting(LogLine::out)
                .anyMatch(out -> out.startsWith("[Chaos]: Injecting"))
                .anyMatch(out -> out.startsWith("[Chaos]: Reverted"));
        await(() -> logService.calls().stream().anyMatch(call -> call.verb().equals("close")), "log stream closed");
        assertThat(logService.calls().getFirst().verb()).isEqualTo("open");
        assertThat(controlPlane.results().get("t1").logs()).contains("[Chaos]: Injecting linux-cpu-stress");
    }

    @Test
    void anAbortAnsweredToAStatusPostStopsTheTaskAndRevertsTheFault() throws Exception {
        start();
        controlPlane.enqueue(TestTasks.cpuStress("t1", "60s"));
        await(() -> fault.inForceQuietly() == 1, "fault injected");

        controlPlane.abort("t1");

        TaskResult result =
                controlPlane.awaitResult("t1", Duration.ofSeconds(5)).result();
        assertThat(result.verdict()).isEqualTo(Verdict.STOPPED);
        assertThat(result.errorOutput().errorCode()).isEqualTo(ErrorCode.ABORTED.wire());
        assertThat(fault.inForce()).isZero();
    }

    @Test
    void resultsAndLogsWaitOnDiskWhileTheControlPlaneIsAwayAndArriveWhenItIsBack() throws Exception {
        start();
        await(() -> controlPlane.livenessBeats() > 0, "first liveness");
        controlPlane.enqueue(TestTasks.cpuStress("t1", "1s"));
        await(() -> fault.inForceQuietly() == 1, "fault injected");
        controlPlane.down(true);

        await(() -> fault.events().contains("revert injected"), "fault reverted without the control plane");
        Thread.sleep(500);
        assertThat(controlPlane.results()).isEmpty();
        assertThat(outboxFiles()).anyMatch(name -> name.endsWith("-result.json"));

        controlPlane.down(false);
        assertThat(controlPlane
                        .awaitResult("t1", Duration.ofSeconds(10))
                        .result()
                        .verdict())
                .isEqualTo(Verdict.PASS);
        await(
                () -> controlPlane.logLines("stream-t1").stream()
                        .anyMatch(l -> l.out().startsWith("[Result]")),
                "last log line");
        assertThat(controlPlane.logLines("stream-t1"))
                .extracting(LogLine::pos)
                .isSorted()
                .doesNotHaveDuplicates();
        await(() -> outboxFiles().isEmpty(), "outbox emptied");
    }

    @Test
    void aResultTheDiskCannotHoldIsSentStraightToTheControlPlane() throws Exception {
        start();
        await(() -> controlPlane.livenessBeats() > 0, "first liveness");
        Path lane = dir.resolve("state/outbox/control-plane");
        try (var files = Files.list(lane)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(lane);
        Files.writeString(lane, "not a directory: writes there fail like on a full disk");

        controlPlane.enqueue(TestTasks.cpuStress("t1", "1s"));

        assertThat(controlPlane
                        .awaitResult("t1", Duration.ofSeconds(10))
                        .result()
                        .verdict())
                .isEqualTo(Verdict.PASS);
    }

    @Test
    void anInvalidTaskIsReportedAsAnErrorNamingTheField() throws Exception {
        start();
        controlPlane.enqueue(TestTasks.task("t1", "linux-cpu-stress", TestTasks.inputs("Duration", "-5s")));

        TaskResult result =
                controlPlane.awaitResult("t1", Duration.ofSeconds(10)).result();

        assertThat(result.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(result.errorOutput().errorCode()).isEqualTo(ErrorCode.INVALID_TASK.wire());
        assertThat(result.errorOutput().reason()).startsWith("experimentInputs.Duration: must be a positive duration");
        assertThat(fault.events()).isEmpty();
    }

    @Test
    void aFaultTheAgentCannotRunIsAnError() throws Exception {
        start();
        controlPlane.enqueue(TestTasks.task(
                "t1", "linux-disk-fill", TestTasks.inputs("Path", "/tmp", "Size", "1Mi", "Duration", "1s")));

        TaskResult result =
                controlPlane.awaitResult("t1", Duration.ofSeconds(10)).result();

        assertThat(result.errorOutput().errorCode()).isEqualTo(ErrorCode.FAULT_NOT_SUPPORTED.wire());
    }

    @Test
    void revertsWhatADeadAgentLeftInForceAndReportsItsTask() throws Exception {
        fault = new RecordingFault("linux-cpu-stress", dir.resolve("markers"));
        FaultSupervisor dead = new FaultSupervisor(
                new FaultJournal(dir.resolve("state/journal")),
                new FaultRegistry(List.of(fault)),
                Clock.systemUTC(),
                Duration.ofSeconds(30));
        dead.inject(
                new FaultRun("t0", "lce-0"),
                fault,
                FaultCatalog.standard().resolve("linux-cpu-stress", TestTasks.inputs("Duration", "60s")),
                ExecutionLog.system("dead agent"));
        dead.close();
        assertThat(fault.inForce()).isEqualTo(1);

        start(fault);

        TaskResult result =
                controlPlane.awaitResult("t0", Duration.ofSeconds(10)).result();
        assertThat(fault.inForce()).isZero();
        assertThat(result.errorOutput().errorCode()).isEqualTo(ErrorCode.AGENT_RESTARTED.wire());
        assertThat(result.errorOutput().reason()).contains("it was reverted at start-up");
    }

    @Test
    void closingTheAgentRevertsFaultsInForce() throws Exception {
        Agent agent = start();
        controlPlane.enqueue(TestTasks.cpuStress("t1", "60s"));
        await(() -> fault.inForceQuietly() == 1, "fault injected");

        agent.close();

        assertThat(fault.inForce()).isZero();
        assertThat(controlPlane
                        .awaitResult("t1", Duration.ofSeconds(2))
                        .result()
                        .verdict())
                .isEqualTo(Verdict.STOPPED);
    }

    private Agent start() {
        return start(Map.of("CHAOSPLANE_INSTALL_TOKEN", FakeControlPlane.INSTALL_TOKEN));
    }

    private Agent start(Map<String, String> environment) {
        return start(new RecordingFault("linux-cpu-stress", dir.resolve("markers")), environment);
    }

    private Agent start(RecordingFault recordingFault) {
        return start(recordingFault, Map.of("CHAOSPLANE_INSTALL_TOKEN", FakeControlPlane.INSTALL_TOKEN));
    }

    private Agent start(RecordingFault recordingFault, Map<String, String> environment) {
        fault = recordingFault;
        Agent agent = agent(environment, List.of(fault));
        Thread.ofVirtual().start(() -> {
            try {
                agent.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        return agent;
    }

    /** An agent on this test's state directory, closed after the test; not started. */
    private Agent agent(Map<String, String> environment, List<? extends Fault<?>> faults) {
        Agent agent = new Agent(
                config(environment),
                "test",
                "host-1",
                faults,
                new IdentityStore(dir.resolve("state")),
                controlPlane,
                logService,
                Clock.systemUTC(),
                Sleeper.REAL);
        agents.add(agent);
        return agent;
    }

    private AgentConfig config(Map<String, String> environment) {
        Map<String, String> env = new HashMap<>(Map.of(
                "CHAOSPLANE_SERVER_URL",
                "http://control-plane.invalid",
                "CHAOSPLANE_INFRA_ID",
                "infra-1",
                "CHAOSPLANE_STATE_DIR",
                dir.resolve("state").toString(),
                "CHAOSPLANE_LIVENESS_INTERVAL",
                "200ms",
                "CHAOSPLANE_POLL_WAIT",
                "1s",
                "CHAOSPLANE_STATUS_INTERVAL",
                "200ms",
                "CHAOSPLANE_GRACE_PERIOD",
                "2s"));
        env.putAll(environment); // the test's settings win
        return new ConfigLoader(List.of()).load(List.of(), env).config();
    }

    private List<String> outboxFiles() {
        try (var files = Files.walk(dir.resolve("state/outbox"))) {
            return files.filter(Files::isRegularFile)
                    .map(file -> file.getFileName().toString())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }
}
