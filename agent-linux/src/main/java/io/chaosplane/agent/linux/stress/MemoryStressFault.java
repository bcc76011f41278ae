package io.chaosplane.agent.linux.stress;

import io.chaosplane.agent.fault.Fault;
import io.chaosplane.agent.fault.FaultContext;
import io.chaosplane.agent.linux.proc.ProcessIdentity;
import io.chaosplane.agent.linux.proc.Procfs;
import io.chaosplane.protocol.catalog.FaultInputs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code linux-memory-stress}: stressors that allocate and touch the given memory (bytes, or a share of
 * {@code MemTotal}), split between the workers. The memory lives in the stressors, not in the agent.
 */
public final class MemoryStressFault implements Fault<StressState> {

    /** Room for the stressor JVM's own direct buffers besides the stress. */
    private static final long DIRECT_MEMORY_SLACK = 16L << 20;

    @Override
    public String name() {
        return "linux-memory-stress";
    }

    @Override
    public Class<StressState> stateType() {
        return StressState.class;
    }

    @Override
    public StressState plan(FaultInputs inputs, FaultContext context) {
        return StressState.planned(null);
    }

    @Override
    public StressState inject(FaultInputs inputs, StressState planned, FaultContext context) throws Exception {
        long bytes = inputs.size("Memory").resolve(Procfs.memTotalBytes());
        long workers = inputs.integer("Workers");
        long share = Math.max(1, bytes / workers);
        context.log()
                .info(
                        "[Chaos]: Starting the memory stress",
                        Map.of(
                                "Memory",
                                bytes + "B",
                                "Workers",
                                Long.toString(workers),
                                "MemAvailable",
                                Procfs.memAvailableBytes() + "B"));
        if (bytes > Procfs.memAvailableBytes()) {
            context.log()
                    .warn("[Chaos]: More memory asked for than is available; the kernel may start killing "
                            + "processes");
        }
        List<ProcessIdentity> started = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            started.add(Stressors.start(
                    context.faultId(),
                    context.deadline(),
                    List.of("-XX:MaxDirectMemorySize=" + (share + DIRECT_MEMORY_SLACK)),
                    List.of("memory", Long.toString(share))));
        }
        return new StressState(started, null);
    }

    @Override
    public void revert(StressState state, FaultContext context) throws Exception {
        Stressors.stop(context.faultId(), state.processes());
    }
}
