package io.chaosplane.topology;

import java.util.Objects;

/**
 * One node of the graph: a workload, a host process or an external endpoint.
 *
 * @param replicas instances that share its load, at least 1
 * @param utilization the share of its capacity in use, in per cent, or null while unknown
 * @param health its observed health, as discovery reported it ("healthy" until told otherwise)
 * @param failover a standby takes over when every replica is lost (it runs degraded rather than down)
 * @param circuitBreaker its callers reach it through a circuit breaker: a soft dependency on it fails fast
 * @param autoscaling it adds instances when the survivors of a partial loss would be overloaded
 */
public record Component(
        String id,
        String name,
        String type,
        int replicas,
        Double utilization,
        String health,
        boolean failover,
        boolean circuitBreaker,
        boolean autoscaling) {

    public Component {
        Objects.requireNonNull(id, "id");
        name = name == null || name.isBlank() ? id : name;
        type = type == null || type.isBlank() ? "service" : type;
        health = health == null || health.isBlank() ? "healthy" : health;
        if (replicas < 1) {
            throw new IllegalArgumentException("component '" + id + "': replicas must be at least 1");
        }
        if (utilization != null && (utilization.isNaN() || utilization < 0)) {
            throw new IllegalArgumentException("component '" + id + "': utilization must be 0 or more per cent");
        }
    }

    /** A healthy component of one replica, unknown utilization and no protection: what tests and imports start from. */
    public static Component of(String id) {
        return new Component(id, id, "service", 1, null, "healthy", false, false, false);
    }

    public Component withReplicas(int value) {
        return new Component(id, name, type, value, utilization, health, failover, circuitBreaker, autoscaling);
    }

    public Component withUtilization(Double value) {
        return new Component(id, name, type, replicas, value, health, failover, circuitBreaker, autoscaling);
    }

    public Component withFailover(boolean value) {
        return new Component(id, name, type, replicas, utilization, health, value, circuitBreaker, autoscaling);
    }

    public Component withCircuitBreaker(boolean value) {
        return new Component(id, name, type, replicas, utilization, health, failover, value, autoscaling);
    }

    public Component withAutoscaling(boolean value) {
        return new Component(id, name, type, replicas, utilization, health, failover, circuitBreaker, value);
    }
}
