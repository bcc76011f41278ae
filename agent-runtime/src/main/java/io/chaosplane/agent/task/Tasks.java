package io.chaosplane.agent.task;

import io.chaosplane.agent.config.AgentConfig;
import io.chaosplane.agent.fault.FaultRegistry;
import io.chaosplane.agent.fault.FaultSupervisor;
import io.chaosplane.agent.logs.LogShipper;
import io.chaosplane.agent.outbox.Outbox;
import io.chaosplane.agent.probe.ProbeEngine;
import io.chaosplane.agent.remote.ControlPlane;
import io.chaosplane.protocol.catalog.FaultCatalog;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;

/** Assembles the task feature for the agent; everything else in this package stays package-private. */
public final class Tasks {

    private Tasks() {}

    public static TaskRunner runner(
            FaultCatalog catalog,
            FaultRegistry faults,
            FaultSupervisor supervisor,
            ProbeEngine probeEngine,
            LogShipper logShipper,
            Outbox outbox,
            ControlPlane controlPlane,
            Duration statusInterval,
            Supplier<String> infraId) {
        return new TaskRunner(
                catalog,
                faults,
                supervisor,
                probeEngine,
                logShipper,
                outbox,
                controlPlane,
                new StatusReporter(controlPlane, statusInterval),
                infraId);
    }

    /**
     * Posts a running task's {@code Running} status now and every {@code interval} until the returned action runs; an
     * answer's {@code abort} aborts the task. For task handlers other than {@link TaskRunner}.
     */
    public static Runnable reportStatus(ControlPlane controlPlane, Duration interval, TaskExecution execution) {
        return new StatusReporter(controlPlane, interval).start(execution)::close;
    }

    public static TaskLoop loop(
            AgentConfig config,
            ControlPlane controlPlane,
            RunningTasks running,
            HaltWatch halts,
            ExecutorService executor,
            Sleeper sleeper,
            Clock clock,
            TaskHandler runner) {
        return new TaskLoop(
                controlPlane,
                config.pollWait(),
                config.taskSlots(),
                running,
                halts,
                new LocalKillSwitch(config.setting(LocalKillSwitch.SETTING).map(Path::of)),
                new PlannedLimits(FaultCatalog.standard()),
                new HostPolicyCheck(config.hostPolicy(), FaultCatalog.standard()),
                runner,
                executor,
                PollBackoff.standard(config.pollWait()),
                sleeper,
                clock);
    }
}
