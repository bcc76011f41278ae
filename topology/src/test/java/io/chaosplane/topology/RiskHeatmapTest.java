package io.chaosplane.topology;

import static io.chaosplane.topology.DependencyType.HARD;
import static org.assertj.core.api.Assertions.assertThat;

import io.chaosplane.topology.RiskHeatmap.Cell;
import io.chaosplane.topology.RiskHeatmap.Zone;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Figures computed by hand from the formula in the README (and {@link RiskHeatmap}). */
class RiskHeatmapTest {

    private static Topology chain(Component c) {
        return Topology.of(
                List.of(Component.of("A"), Component.of("B"), c),
                List.of(Dependency.of("A", "B", HARD), Dependency.of("B", "C", HARD)));
    }

    private static Cell cell(RiskHeatmap map, String id) {
        return map.cells().stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void theUntestedChainsEndIsTheHottest() {
        RiskHeatmap map = RiskHeatmap.of(chain(Component.of("C")), Map.of());
        // A: nobody hurt, utilization unknown (½), untested: 100·(0.15·½ + 0.15·1) = 22.5
        assertThat(cell(map, "A").riskScore()).isEqualTo(22.5);
        assertThat(cell(map, "A").zone()).isEqualTo(Zone.GREEN);
        // B: takes A down (½ of the others), a SPOF: 100·(0.35·½ + 0.20 + 0.075 + 0.15) = 60.0
        assertThat(cell(map, "B").dimensions().blastRadius()).isEqualTo(0.5);
        assertThat(cell(map, "B").dimensions().spof()).isEqualTo(1.0);
        assertThat(cell(map, "B").riskScore()).isEqualTo(60.0);
        assertThat(cell(map, "B").zone()).isEqualTo(Zone.RED);
        // C: takes both down: 100·(0.35 + 0.20 + 0.075 + 0.15) = 77.5
        assertThat(cell(map, "C").riskScore()).isEqualTo(77.5);
        assertThat(map.hotspots()).containsExactly("C", "B");
    }

    @Test
    void runsCoverAComponentAndTheirFailuresCount() {
        RiskHeatmap map = RiskHeatmap.of(
                chain(Component.of("C").withUtilization(80.0)),
                Map.of("C", new RunOutcomes(1, 1), "A", new RunOutcomes(5, 0)));
        Cell c = cell(map, "C");
        assertThat(c.dimensions().utilization()).isEqualTo(0.8);
        assertThat(c.dimensions().runCoverage()).isCloseTo(0.6, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(c.dimensions().runFailures()).isEqualTo(0.5);
        // 100·(0.35 + 0.20 + 0.15·0.8 + 0.15·0.6 + 0.15·½) = 83.5
        assertThat(c.riskScore()).isEqualTo(83.5);
        // A, covered by five passing runs: 100·(0.15·½) = 7.5
        assertThat(cell(map, "A").riskScore()).isEqualTo(7.5);
        assertThat(cell(map, "A").dimensions().runCoverage()).isZero();
    }

    @Test
    void aProtectedComponentIsGreenAndOverloadIsCapped() {
        Topology pair = Topology.of(
                List.of(
                        Component.of("api").withReplicas(3).withUtilization(250.0),
                        Component.of("db").withFailover(true)),
                List.of(Dependency.of("api", "db", HARD)));
        RiskHeatmap map = RiskHeatmap.of(pair, Map.of());
        // db fails over: degraded, nobody else hurt; 100·(0.075 + 0.15) = 22.5
        assertThat(cell(map, "db").riskScore()).isEqualTo(22.5);
        // api: one of three lost, the rest would carry 375 %: down, but nobody calls it; utilization capped at 1:
        // 100·(0.15 + 0.15) = 30.0, amber
        assertThat(cell(map, "api").dimensions().utilization()).isEqualTo(1.0);
        assertThat(cell(map, "api").riskScore()).isEqualTo(30.0);
        assertThat(cell(map, "api").zone()).isEqualTo(Zone.AMBER);
        assertThat(map.hotspots()).containsExactly("api");
    }
}
