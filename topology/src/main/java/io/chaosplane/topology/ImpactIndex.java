package io.chaosplane.topology;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The graph on int indexes for the simulations that only count: the callers of each component in flat arrays
 * (compressed rows), with the type of each edge and, per component, its state when it loses one instance. Built
 * once per topology (which is immutable); a {@link Walker} holds the buffers one thread reuses from root to root.
 */
final class ImpactIndex {

    static final byte HEALTHY = 0;
    static final byte DEGRADED = 1;
    static final byte DOWN = 2;

    private static final byte HARD = 0;
    private static final byte SOFT = 1;
    private static final byte ASYNC = 2;

    final List<Component> components;
    final Map<String, Integer> indexOf;
    /** The callers of component i are {@code callers[callerStart[i] .. callerStart[i + 1])}. */
    final int[] callerStart;

    final int[] callers;
    final byte[] edgeType;
    final boolean[] circuitBreaker;
    final byte[] oneLost;

    ImpactIndex(Topology topology) {
        components = topology.components();
        int n = components.size();
        indexOf = new HashMap<>(n * 2);
        circuitBreaker = new boolean[n];
        oneLost = new byte[n];
        for (int i = 0; i < n; i++) {
            Component c = components.get(i);
            indexOf.put(c.id(), i);
            circuitBreaker[i] = c.circuitBreaker();
            oneLost[i] = code(Simulation.rootHealth(c, 1));
        }
        List<Dependency> dependencies = topology.dependencies();
        callerStart = new int[n + 1];
        int[] source = new int[dependencies.size()];
        int[] target = new int[dependencies.size()];
        for (int e = 0; e < dependencies.size(); e++) {
            Dependency d = dependencies.get(e);
            source[e] = indexOf.get(d.source());
            target[e] = indexOf.get(d.target());
            callerStart[target[e] + 1]++;
        }
        for (int i = 0; i < n; i++) {
            callerStart[i + 1] += callerStart[i];
        }
        callers = new int[dependencies.size()];
        edgeType = new byte[dependencies.size()];
        int[] fill = new int[n];
        for (int e = 0; e < dependencies.size(); e++) {
            int at = callerStart[target[e]] + fill[target[e]]++;
            callers[at] = source[e];
            edgeType[at] = switch (dependencies.get(e).type()) {
                case HARD -> HARD;
                case SOFT -> SOFT;
                case ASYNC -> ASYNC;
            };
        }
    }

    int size() {
        return components.size();
    }

    static byte code(Health health) {
        return switch (health) {
            case HEALTHY -> HEALTHY;
            case DEGRADED -> DEGRADED;
            case DOWN -> DOWN;
        };
    }

    static Health health(byte code) {
        return switch (code) {
            case DOWN -> Health.DOWN;
            case DEGRADED -> Health.DEGRADED;
            default -> Health.HEALTHY;
        };
    }

    /** What a down component does to a caller over an edge of this type, as {@link Simulation} rules it. */
    byte effect(byte type, int failed) {
        return switch (type) {
            case HARD -> DOWN;
            case SOFT -> circuitBreaker[failed] ? DEGRADED : DOWN;
            default -> DEGRADED;
        };
    }

    Walker walker() {
        return new Walker();
    }

    /** One thread's buffers: states, the components touched (to reset only those), and the wave queue. */
    final class Walker {

        private final byte[] state = new byte[size()];
        private final int[] touched = new int[size()];
        private final int[] queue = new int[size()];
        private int touchedCount;
        int othersDown;
        int othersDegraded;

        /**
         * Loses one instance of the root and spreads: afterwards {@link #othersDown} and {@link #othersDegraded}
         * count the others; answers the root's own state. Only a down component spreads and a state only worsens,
         * so every component enters the queue at most once (when it goes down) and the final states do not depend
         * on the order the callers are visited in.
         */
        byte loseOne(int root) {
            reset();
            othersDown = 0;
            othersDegraded = 0;
            byte own = oneLost[root];
            set(root, own);
            if (own != DOWN) {
                return own;
            }
            int head = 0;
            int tail = 0;
            queue[tail++] = root;
            while (head < tail) {
                int failed = queue[head++];
                for (int at = callerStart[failed]; at < callerStart[failed + 1]; at++) {
                    int caller = callers[at];
                    byte health = effect(edgeType[at], failed);
                    byte was = state[caller];
                    if (health > was) {
                        set(caller, health);
                        if (was == DEGRADED) {
                            othersDegraded--;
                        }
                        if (health == DOWN) {
                            othersDown++;
                            queue[tail++] = caller;
                        } else {
                            othersDegraded++;
                        }
                    }
                }
            }
            return own;
        }

        private void set(int component, byte health) {
            if (state[component] == HEALTHY) {
                touched[touchedCount++] = component;
            }
            state[component] = health;
        }

        private void reset() {
            for (int i = 0; i < touchedCount; i++) {
                state[touched[i]] = HEALTHY;
            }
            touchedCount = 0;
        }
    }
}
