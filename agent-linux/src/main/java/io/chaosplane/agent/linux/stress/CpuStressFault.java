package io.chaosplane.agent.linux.stress;

import io.chaosplane.agent.fault.Fault;
import io.chaosplane.agent.fault.FaultContext;
import io.chaosplane.protocol.catalog.FaultInputs;
import java.util.List;
import java.util.Map;

/** {@code linux-cpu-stress}: a stressor whose workers keep cores busy at the given load. */
public final class CpuStressFault implements Fault<StressState> {

    @Override
    public String name() {
        return "linux-cpu-stress";
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
        long workers =
                inputs.integer("Workers") == 0 ? Runtime.getRuntime().availableProcessors() : inputs.integer("Workers");
        double load = inputs.percentage("Load");
        context.log()
                .info(
                        "[Chaos]: Starting the CPU stress",
                        Map.of("Workers", Long.toString(workers), "Load", load + "%"));
        return new StressState(
                List.of(Stressors.start(
                        context.faultId(),
                        context.deadline(),
                        List.of(),
                        List.of("cpu", Double.toString(load), Long.toString(workers)))),
                null);
    }

    @Override
    public void revert(StressState state, FaultContext context) throws Exception {
        Stressors.stop(context.faultId(), state.processes());
    }
}
