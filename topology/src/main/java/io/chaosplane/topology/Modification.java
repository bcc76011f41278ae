package io.chaosplane.topology;

/** A what-if change to one component; a null member leaves that property as it is. */
public record Modification(Integer replicas, Boolean circuitBreaker, Boolean failover, Boolean autoscaling) {

    Component applyTo(Component component) {
        Component changed = component;
        if (replicas != null) {
            changed = changed.withReplicas(replicas);
        }
        if (circuitBreaker != null) {
            changed = changed.withCircuitBreaker(circuitBreaker);
        }
        if (failover != null) {
            changed = changed.withFailover(failover);
        }
        if (autoscaling != null) {
            changed = changed.withAutoscaling(autoscaling);
        }
        return changed;
    }
}
