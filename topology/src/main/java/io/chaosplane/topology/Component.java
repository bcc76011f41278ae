package io.chaosplane.topology;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One node of the graph: a workload, a host process or an external endpoint.
 *
 * @param replicas instances that share its load, at least 1
 * @param utilization the share of its capacity in use, in per cent, or null while unknown
 * @param health its observed health, as discovery reported it ("healthy" until told otherwise)
 * @param failover a standby takes over when every replica is lost (it runs degraded rather than down)
 * @param circuitBreaker its callers reach it through a circuit breaker: a soft dependency on it fails fast
 * @param autoscaling it adds instances when the survivors of a partial loss would be overloaded
 * @param labels what discovery or an import says about it beyond the graph ({@code team}, {@code provider},
 *     {@code region}...), sorted by name; the simulation does not read them, analyses that attribute do
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
        boolean autoscaling,
        Map<String, String> labels) {

    /** The team that owns it, the provider and the region it runs in, as discovery names them. */
    public static final String TEAM = "team";

    public static final String PROVIDER = "provider";
    public static final String REGION = "region";

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
        labels = labels == null || labels.isEmpty() ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(labels));
    }

    /** A component without labels. */
    public Component(
            String id,
            String name,
            String type,
            int replicas,
            Double utilization,
            String health,
            boolean failover,
            boolean circuitBreaker,
            boolean autoscaling) {
        this(id, name, type, replicas, utilization, health, failover, circuitBreaker, autoscaling, Map.of());
    }

    /** The label's value, or null when it has none (a blank value counts as none). */
    public String label(String name) {
        String value = labels.get(name);
        return value == null || value.isBlank() ? null : value;
    }

    /** A healthy component of one replica, unknown utilization and no protection: what tests and imports start from. */
    public static Component of(String id) {
        return new Component(id, id, "service", 1, null, "healthy", false, false, false);
    }

    public Component withReplicas(int value) {
        return new Component(id, name, type, value, utilization, health, failover, circuitBreaker, autoscaling, labels);
    }

    public Component withUtilization(Double value) {
        return new Component(id, name, type, replicas, value, health, failover, circuitBreaker, autoscaling, labels);
    }

    public Component withFailover(boolean value) {
        return new Component(id, name, type, replicas, utilization, health, value, circuitBreaker, autoscaling, labels);
    }

    public Component withCircuitBreaker(boolean value) {
        return new Component(id, name, type, replicas, utilization, health, failover, value, autoscaling, labels);
    }

    public Component withLabels(Map<String, String> value) {
        return new Component(
                id, name, type, replicas, utilization, health, failover, circuitBreaker, autoscaling, value);
    }

    public Component withAutoscaling(boolean value) {
        return new Component(id, name, type, replicas, utilization, health, failover, circuitBreaker, value, labels);
    }
}
