package io.chaosplane.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

/**
 * The int-indexed simulation and score against the hash-map simulation they replaced ({@link ReferenceSimulation}),
 * on random small graphs with cycles, every dependency type and every protection: the same waves, reasons, states
 * and figures, and the same score, impacts and SPOFs.
 */
class IndexedSimulationEquivalenceTest {

    static Topology randomGraph(Random random) {
        int n = 1 + random.nextInt(12);
        List<Component> components = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            components.add(new Component(
                    "c" + i,
                    null,
                    null,
                    1 + random.nextInt(4),
                    random.nextInt(4) == 0 ? null : (double) random.nextInt(120),
                    null,
                    random.nextInt(4) == 0,
                    random.nextInt(3) == 0,
                    random.nextInt(3) == 0));
        }
        List<Dependency> edges = new ArrayList<>();
        Set<String> pairs = new HashSet<>();
        int m = random.nextInt(n * 3 + 1);
        for (int e = 0; e < m; e++) {
            int s = random.nextInt(n);
            int t = random.nextInt(n);
            if (s != t && pairs.add(s + ">" + t)) {
                edges.add(Dependency.of(
                        "c" + s, "c" + t, DependencyType.values()[random.nextInt(DependencyType.values().length)]));
            }
        }
        return Topology.of(components, edges);
    }

    @RepeatedTest(300)
    void agreesWithTheReferenceOnARandomGraph(RepetitionInfo repetition) {
        Random random = new Random(7919L * repetition.getCurrentRepetition());
        Topology topology = randomGraph(random);
        double total = 0;
        List<String> spofs = new ArrayList<>();
        Assessment assessment = topology.assess();
        for (Component c : topology.components()) {
            for (int lost = 1; lost <= c.replicas(); lost++) {
                SimulationResult expected = ReferenceSimulation.run(topology, c, lost);
                SimulationResult actual = topology.simulateFailure(c.id(), lost);
                assertThat(actual)
                        .as("%s losing %d in %s", c.id(), lost, topology.dependencies())
                        .isEqualTo(expected);
            }
            SimulationResult oneLost = ReferenceSimulation.run(topology, c, 1);
            Health own = oneLost.stateOf(c.id());
            boolean spof = own == Health.DOWN && oneLost.othersDown() > 0;
            total += oneLost.blastRadius();
            if (spof) {
                spofs.add(c.id());
            }
            Assessment.ComponentRisk risk = assessment.risk(c.id());
            assertThat(risk.impact()).isEqualTo(oneLost.blastRadius());
            assertThat(risk.ownHealth()).isEqualTo(own);
            assertThat(risk.spof()).isEqualTo(spof);
        }
        double score = 100 * (1 - total / topology.size());
        assertThat(assessment.resilienceScore()).isEqualTo(score);
        assertThat(assessment.spofs())
                .containsExactlyElementsOf(spofs.stream().sorted().toList());

        Map<String, Integer> struck = new LinkedHashMap<>();
        for (Component c : topology.components()) {
            if (random.nextInt(3) == 0) {
                struck.put(c.id(), 1 + random.nextInt(c.replicas()));
            }
        }
        Map<Component, Integer> roots = new LinkedHashMap<>();
        struck.forEach((id, lost) -> roots.put(topology.component(id).orElseThrow(), lost));
        assertThat(topology.simulateOutage(struck)).isEqualTo(ReferenceSimulation.runAll(topology, roots));
    }
}
