package io.chaosplane.topology;

import static io.chaosplane.topology.DependencyType.ASYNC;
import static io.chaosplane.topology.DependencyType.HARD;
import static io.chaosplane.topology.DependencyType.SOFT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Several roots at once, computed by hand from the README's rules. */
class OutageTest {

    private static List<String> waves(Outage outage) {
        return outage.waves().stream()
                .flatMap(wave -> wave.components().stream()
                        .map(impact -> wave.wave() + ":" + impact.id() + "="
                                + impact.health().wireName()))
                .toList();
    }

    /** A → B (hard), A → C (soft), D → C (async); B and C struck together, C with failover only degraded. */
    @Test
    void everyStruckComponentIsAWaveZeroRootAndTheCascadeSpreadsFromTheDownOnes() {
        Topology topology = Topology.of(
                List.of(
                        Component.of("A"),
                        Component.of("B"),
                        Component.of("C").withFailover(true),
                        Component.of("D"),
                        Component.of("E")),
                List.of(
                        Dependency.of("A", "B", HARD),
                        Dependency.of("A", "C", SOFT),
                        Dependency.of("D", "C", ASYNC),
                        Dependency.of("E", "A", SOFT)));

        Outage outage = topology.simulateOutage(Map.of("B", 1, "C", 1));

        // C degrades (failover), so D behind it stays healthy: only down spreads
        assertThat(waves(outage)).containsExactly("0:B=down", "0:C=degraded", "1:A=down", "2:E=down");
        assertThat(outage.stateOf("D")).isEqualTo(Health.HEALTHY);
        assertThat(outage.recoveryTimeEstimate()).isEqualTo("15-30 minutes");
    }

    @Test
    void aRootAlsoReachedByTheCascadeIsListedOnceInWaveZero() {
        Topology topology =
                Topology.of(List.of(Component.of("A"), Component.of("B")), List.of(Dependency.of("A", "B", HARD)));

        assertThat(waves(topology.simulateOutage(Map.of("A", 1, "B", 1)))).containsExactly("0:A=down", "0:B=down");
        assertThat(topology.simulateOutage(Map.of()).waves()).isEmpty();
    }

    @Test
    void anUnknownComponentIsRefused() {
        Topology topology = Topology.of(List.of(Component.of("A")), List.of());

        assertThatThrownBy(() -> topology.simulateOutage(Map.of("Z", 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no component 'Z'");
    }
}
