package io.chaosplane.controlplane.policy;

import java.util.List;
import java.util.UUID;

/**
 * What the rules judge about a run that is about to start: its namespace and its faults, each with where it would
 * run (the infrastructure and its environment) and for how long.
 */
public record RunCandidate(
        String organization, String project, String namespace, String experimentName, List<Fault> faults) {

    /** A fault; {@code step} is the step it runs in (the faults of a step run at the same time). */
    public record Fault(
            String name,
            String faultType,
            UUID infrastructureId,
            String environment,
            int durationSeconds,
            Integer podsAffectedPercentage,
            int step) {

        public Fault(
                String name,
                String faultType,
                UUID infrastructureId,
                String environment,
                int durationSeconds,
                Integer podsAffectedPercentage) {
            this(name, faultType, infrastructureId, environment, durationSeconds, podsAffectedPercentage, 0);
        }
    }
}
