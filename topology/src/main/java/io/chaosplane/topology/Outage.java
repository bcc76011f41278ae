package io.chaosplane.topology;

import io.chaosplane.topology.SimulationResult.Wave;
import java.util.List;
import java.util.Map;

/**
 * What several components struck at once do, as a regional outage strikes them: the struck ones in wave 0, then
 * the cascade, each component once in the wave of its final state.
 *
 * @param states every component that ended degraded or down, the struck ones included
 */
public record Outage(List<Wave> waves, Map<String, Health> states) {

    public Outage {
        waves = List.copyOf(waves);
        states = Map.copyOf(states);
    }

    public Health stateOf(String id) {
        return states.getOrDefault(id, Health.HEALTHY);
    }

    /** The estimate a single failure gives for a cascade this deep, with the same bands. */
    public String recoveryTimeEstimate() {
        return Simulation.recoveryEstimate(waves);
    }
}
