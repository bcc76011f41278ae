package io.chaosplane.controlplane.run;

import io.chaosplane.protocol.linux.ChaosSpec;
import java.util.List;
import java.util.UUID;

/**
 * What to run: an experiment's faults in steps. Steps run one after the other; the faults of a step run at the
 * same time. Made by the experiment feature from a validated manifest.
 */
public record RunPlan(
        UUID experimentId,
        String organization,
        String project,
        String namespace,
        String experimentName,
        List<List<Fault>> steps) {

    public RunPlan {
        steps = steps.stream().map(List::copyOf).toList();
    }

    /**
     * One fault: a name unique in the experiment, where it runs, the task's chaos member, its weight (1-10) in the
     * resiliency score and how long it lasts (which sets its task's lease).
     */
    public record Fault(String name, UUID infrastructureId, ChaosSpec chaos, int weight, int durationSeconds) {}

    /**
     * Whether the run goes to its agent as one task (a Kubernetes chaos runner takes the whole experiment and runs
     * its steps itself) rather than one task per fault: its faults name Kubernetes targets.
     */
    public boolean wholeRun() {
        return steps.stream()
                .flatMap(List::stream)
                .anyMatch(fault -> fault.chaos().targets() != null);
    }

    public int faultCount() {
        return steps.stream().mapToInt(List::size).sum();
    }
}
