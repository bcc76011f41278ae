package io.chaosplane.agent;

import io.chaosplane.agent.config.AgentConfig;
import io.chaosplane.agent.fault.FaultRegistry;
import io.chaosplane.agent.fault.FaultSupervisor;
import io.chaosplane.agent.logs.LogShipper;
import io.chaosplane.agent.outbox.Outbox;
import io.chaosplane.agent.probe.ProbeEngine;
import io.chaosplane.agent.remote.AgentIdentity;
import io.chaosplane.agent.remote.ControlPlane;
import io.chaosplane.agent.remote.HttpControlPlane;
import io.chaosplane.agent.task.TaskHandler;
import io.chaosplane.agent.task.Tasks;
import io.chaosplane.protocol.catalog.AgentCapabilities;
import io.chaosplane.protocol.catalog.FaultCatalog;
import io.chaosplane.protocol.probe.ProbeType;
import java.time.Clock;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What differs between agents of the shared runtime: where their calls live on the control plane, what runs a claimed
 * task, which probe types they add, and what they do once they know their identity.
 *
 * @param controlPlanePath the agent calls' base path under the server URL
 * @param taskHandler builds what runs each claimed task, from the runtime's parts
 * @param probeChecks probe types the platform runs beyond cmdProbe and httpProbe
 * @param onIdentity called at every start once the agent is confirmed (or found its stored identity)
 * @param capabilities what the agent can do, found when it confirms and sent with confirm; null when it cannot tell
 */
public record AgentPlatform(
        String controlPlanePath,
        Function<Services, TaskHandler> taskHandler,
        Map<ProbeType, ProbeEngine.CheckFactory> probeChecks,
        Consumer<AgentIdentity> onIdentity,
        Supplier<AgentCapabilities> capabilities) {

    /** A platform that reports no capabilities. */
    public AgentPlatform(
            String controlPlanePath,
            Function<Services, TaskHandler> taskHandler,
            Map<ProbeType, ProbeEngine.CheckFactory> probeChecks,
            Consumer<AgentIdentity> onIdentity) {
        this(controlPlanePath, taskHandler, probeChecks, onIdentity, () -> null);
    }

    /** This platform, reporting what {@code found} finds when the agent confirms. */
    public AgentPlatform withCapabilities(Supplier<AgentCapabilities> found) {
        return new AgentPlatform(controlPlanePath, taskHandler, probeChecks, onIdentity, found);
    }

    /** The runtime's parts a task handler may use. */
    public record Services(
            AgentConfig config,
            FaultCatalog catalog,
            FaultRegistry faults,
            FaultSupervisor supervisor,
            ProbeEngine probes,
            LogShipper logShipper,
            Outbox outbox,
            ControlPlane controlPlane,
            Supplier<AgentIdentity> identity,
            Clock clock) {}

    /** The Linux agent: seed 001's Linux paths, one fault per task. */
    public static AgentPlatform linux() {
        return new AgentPlatform(
                HttpControlPlane.BASE_PATH,
                services -> Tasks.runner(
                        services.catalog(),
                        services.faults(),
                        services.supervisor(),
                        services.probes(),
                        services.logShipper(),
                        services.outbox(),
                        services.controlPlane(),
                        services.config().statusInterval(),
                        () -> services.identity().get().infraId()),
                Map.of(),
                identity -> {});
    }
}
