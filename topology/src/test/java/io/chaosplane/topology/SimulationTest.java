package io.chaosplane.topology;

import static io.chaosplane.topology.DependencyType.ASYNC;
import static io.chaosplane.topology.DependencyType.HARD;
import static io.chaosplane.topology.DependencyType.SOFT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chaosplane.topology.SimulationResult.Impact;
import io.chaosplane.topology.SimulationResult.Wave;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Every figure here is computed by hand from the rules in the README's Topology section. */
class SimulationTest {

    private static Topology chain(Component c) {
        return Topology.of(
                List.of(Component.of("A"), Component.of("B"), c),
                List.of(Dependency.of("A", "B", HARD), Dependency.of("B", "C", HARD)));
    }

    private static Topology pair(DependencyType type, Component callee) {
        return Topology.of(List.of(Component.of("A"), callee), List.of(Dependency.of("A", "B", type)));
    }

    /** The waves as "wave:id=health" strings, in order. */
    private static List<String> waves(SimulationResult result) {
        return result.waves().stream()
                .flatMap(wave -> wave.components().stream()
                        .map(impact -> wave.wave() + ":" + impact.id() + "="
                                + impact.health().wireName()))
                .toList();
    }

    @Nested
    class AChainAToBToC {

        @Test
        void scores50WithOneReplicaEach() {
            // lose A: nobody depends on it, 0; lose B: A down, 1/2; lose C: B and A down, 2/2 → mean 1/2
            Assessment assessment = chain(Component.of("C")).assess();
            assertThat(assessment.roundedScore()).isEqualTo(50.0);
            assertThat(assessment.risk("C").impact()).isEqualTo(1.0);
            assertThat(assessment.risk("B").impact()).isEqualTo(0.5);
            assertThat(assessment.risk("A").impact()).isZero();
            // A goes down alone: not a single point of failure
            assertThat(assessment.spofs()).containsExactly("B", "C");
            assertThat(assessment.risk("C").riskLevel()).isEqualTo(Assessment.RiskLevel.CRITICAL);
            assertThat(assessment.risk("A").riskLevel()).isEqualTo(Assessment.RiskLevel.LOW);
        }

        @Test
        void scores83Point3WithCAtTwoReplicas() {
            // one of C's two replicas lost, its utilization unknown: C degraded, nothing spreads → (0 + 1/2 + 0)/3
            Assessment assessment = chain(Component.of("C").withReplicas(2)).assess();
            assertThat(assessment.resilienceScore())
                    .isCloseTo(100 * (1 - 0.5 / 3), org.assertj.core.data.Offset.offset(1e-9));
            assertThat(assessment.roundedScore()).isEqualTo(83.3);
            assertThat(assessment.spofs()).containsExactly("B");
        }

        @Test
        void losingCSpreadsInWavesToTheTop() {
            SimulationResult result = chain(Component.of("C")).simulateFailure("C");
            assertThat(waves(result)).containsExactly("0:C=down", "1:B=down", "2:A=down");
            assertThat(result.totalAffected()).isEqualTo(2);
            assertThat(result.blastRadius()).isEqualTo(1.0);
            assertThat(result.riskScore()).isEqualTo(10.0);
            assertThat(result.recoveryTimeEstimate()).isEqualTo("15-30 minutes");
            assertThat(result.waves().get(1).components().getFirst().reason())
                    .isEqualTo("hard dependency on C is down");
        }

        @Test
        void replicasOfTheCallerDoNotHelpAgainstADownHardDependency() {
            Topology topology = Topology.of(
                    List.of(Component.of("A").withReplicas(5).withFailover(true), Component.of("B"), Component.of("C")),
                    List.of(Dependency.of("A", "B", HARD), Dependency.of("B", "C", HARD)));
            assertThat(topology.simulateFailure("C").stateOf("A")).isEqualTo(Health.DOWN);
        }
    }

    @Nested
    class DependencyTypes {

        @Test
        void aSoftDependencyWithoutACircuitBreakerHangsItsCaller() {
            // lose B: A down → impacts 0 and 1 → 50
            Topology topology = pair(SOFT, Component.of("B"));
            SimulationResult result = topology.simulateFailure("B");
            assertThat(result.stateOf("A")).isEqualTo(Health.DOWN);
            assertThat(result.waves().get(1).components().getFirst().reason()).contains("no circuit breaker");
            assertThat(topology.assess().roundedScore()).isEqualTo(50.0);
        }

        @Test
        void aSoftDependencyBehindACircuitBreakerOnlyDegradesItsCaller() {
            // lose B: A degraded → impacts 0 and 1/2 → 75
            Topology topology = pair(SOFT, Component.of("B").withCircuitBreaker(true));
            assertThat(topology.simulateFailure("B").stateOf("A")).isEqualTo(Health.DEGRADED);
            Assessment assessment = topology.assess();
            assertThat(assessment.roundedScore()).isEqualTo(75.0);
            // B goes down, but takes nobody down with it
            assertThat(assessment.spofs()).isEmpty();
        }

        @Test
        void anAsyncDependencyDegradesItsCaller() {
            Topology topology = pair(ASYNC, Component.of("B"));
            SimulationResult result = topology.simulateFailure("B");
            assertThat(waves(result)).containsExactly("0:B=down", "1:A=degraded");
            assertThat(result.blastRadius()).isEqualTo(0.5);
            assertThat(result.riskScore()).isEqualTo(7.5);
            assertThat(result.recoveryTimeEstimate()).isEqualTo("5-15 minutes");
            assertThat(topology.assess().roundedScore()).isEqualTo(75.0);
        }

        @Test
        void onlyDownSpreads() {
            // C degraded (async on D) does not touch B, which depends hard on C
            Topology topology = Topology.of(
                    List.of(Component.of("B"), Component.of("C"), Component.of("D")),
                    List.of(Dependency.of("B", "C", HARD), Dependency.of("C", "D", ASYNC)));
            assertThat(waves(topology.simulateFailure("D"))).containsExactly("0:D=down", "1:C=degraded");
        }
    }

    @Nested
    class TheRoot {

        @Test
        void withFailoverLosingEveryReplicaOnlyDegradesIt() {
            Topology topology = pair(HARD, Component.of("B").withFailover(true));
            SimulationResult result = topology.simulateFailure("B");
            assertThat(waves(result)).containsExactly("0:B=degraded");
            assertThat(result.waves().getFirst().components().getFirst().reason())
                    .isEqualTo("its only replica lost; failover took over");
            assertThat(result.totalAffected()).isZero();
            assertThat(result.recoveryTimeEstimate()).isEqualTo("1-5 minutes");
            assertThat(topology.assess().roundedScore()).isEqualTo(100.0);
        }

        @Test
        void survivorsWithinCapacityCarryAPartialLoss() {
            // 3 replicas at 60 %: one lost → 60·3/2 = 90 % ≤ 100 → degraded; two lost → 180 % → down
            Topology topology = pair(HARD, Component.of("B").withReplicas(3).withUtilization(60.0));
            SimulationResult oneLost = topology.simulateFailure("B", 1);
            assertThat(waves(oneLost)).containsExactly("0:B=degraded");
            assertThat(oneLost.waves().getFirst().components().getFirst().reason())
                    .isEqualTo("1 of 3 replicas lost; the other 2 carry 90.0%");
            assertThat(waves(topology.simulateFailure("B", 2))).containsExactly("0:B=down", "1:A=down");
            assertThat(topology.simulateFailure("B", 7).stateOf("B")).isEqualTo(Health.DOWN);
            assertThatThrownBy(() -> topology.simulateFailure("B", 0)).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void overloadedSurvivorsGoDownUnlessItAutoscales() {
            // C: 2 replicas at 60 %, one lost → 120 % > 100: down, as with one replica → 50; autoscaling → 83.3
            Component c = Component.of("C").withReplicas(2).withUtilization(60.0);
            Assessment overloaded = chain(c).assess();
            assertThat(overloaded.roundedScore()).isEqualTo(50.0);
            assertThat(overloaded.spofs()).containsExactly("B", "C");
            assertThat(chain(c).simulateFailure("C", 1)
                            .waves()
                            .getFirst()
                            .components()
                            .getFirst()
                            .reason())
                    .isEqualTo("1 of 2 replicas lost; the other 1 would carry 120.0%: overloaded");

            Assessment autoscaled = chain(c.withAutoscaling(true)).assess();
            assertThat(autoscaled.roundedScore()).isEqualTo(83.3);
            assertThat(autoscaled.spofs()).containsExactly("B");
        }
    }

    @Nested
    class Shapes {

        @Test
        void aCycleEndsAndListsEachComponentOnce() {
            // A → B → C → A, all hard: losing any one takes the other two down → every impact 1 → 0
            Topology topology = Topology.of(
                    List.of(Component.of("A"), Component.of("B"), Component.of("C")),
                    List.of(
                            Dependency.of("A", "B", HARD),
                            Dependency.of("B", "C", HARD),
                            Dependency.of("C", "A", HARD)));
            SimulationResult result = topology.simulateFailure("A");
            assertThat(waves(result)).containsExactly("0:A=down", "1:C=down", "2:B=down");
            assertThat(topology.assess().roundedScore()).isEqualTo(0.0);
            assertThat(topology.assess().spofs()).containsExactly("A", "B", "C");
        }

        @Test
        void aDiamondReachesItsTopOnce() {
            // A → B, A → C, B → D, C → D: impacts A 0, B 1/3, C 1/3, D 1 → mean 5/12 → 58.3
            Topology topology = Topology.of(
                    List.of(Component.of("A"), Component.of("B"), Component.of("C"), Component.of("D")),
                    List.of(
                            Dependency.of("A", "B", HARD),
                            Dependency.of("A", "C", HARD),
                            Dependency.of("B", "D", HARD),
                            Dependency.of("C", "D", HARD)));
            assertThat(waves(topology.simulateFailure("D")))
                    .containsExactly("0:D=down", "1:B=down", "1:C=down", "2:A=down");
            assertThat(topology.assess().roundedScore()).isEqualTo(58.3);
        }

        @Test
        void aComponentFirstDegradedThenDownIsListedOnceInItsLaterWave() {
            // X is async on R (degraded in wave 1) and hard on Y, which is hard on R (X down in wave 2)
            Topology topology = Topology.of(
                    List.of(Component.of("R"), Component.of("X"), Component.of("Y")),
                    List.of(
                            Dependency.of("X", "R", ASYNC),
                            Dependency.of("X", "Y", HARD),
                            Dependency.of("Y", "R", HARD)));
            SimulationResult result = topology.simulateFailure("R");
            assertThat(waves(result)).containsExactly("0:R=down", "1:Y=down", "2:X=down");
            Impact x = result.waves().get(2).components().getFirst();
            assertThat(x.reason()).isEqualTo("hard dependency on Y is down");
            assertThat(result.waves()).extracting(Wave::wave).containsExactly(0, 1, 2);
        }

        @Test
        void aSingleComponentScores100AndAnEmptyGraphToo() {
            assertThat(Topology.of(List.of(Component.of("A")), List.of())
                            .assess()
                            .roundedScore())
                    .isEqualTo(100.0);
            assertThat(Topology.empty().assess().roundedScore()).isEqualTo(100.0);
        }
    }

    @Nested
    class WhatIfs {

        @Test
        void aSecondReplicaOfCRaisesTheChainBy33Point3() {
            WhatIf result = WhatIf.of(chain(Component.of("C")), Map.of("C", new Modification(2, null, null, null)));
            assertThat(result.baselineScore()).isEqualTo(50.0);
            assertThat(result.resilienceScore()).isEqualTo(83.3);
            assertThat(result.delta()).isEqualTo(33.3);
            assertThat(result.spofsBefore()).containsExactly("B", "C");
            assertThat(result.spofsAfter()).containsExactly("B");
        }

        @Test
        void aCircuitBreakerOnASoftDependencyRaisesThePairBy25() {
            WhatIf result =
                    WhatIf.of(pair(SOFT, Component.of("B")), Map.of("B", new Modification(null, true, null, null)));
            assertThat(result.delta()).isEqualTo(25.0);
        }

        @Test
        void failoverEverywhereOnTheChainMakesIt100AndFailoverOffTakesItBack() {
            Topology chain = chain(Component.of("C"));
            Modification failover = new Modification(null, null, true, null);
            WhatIf on = WhatIf.of(chain, Map.of("B", failover, "C", failover));
            assertThat(on.resilienceScore()).isEqualTo(100.0);
            assertThat(on.delta()).isEqualTo(50.0);
            Topology protectedChain = chain.modified(Map.of("B", failover, "C", failover));
            assertThat(WhatIf.of(protectedChain, Map.of("C", new Modification(null, null, false, null)))
                            .delta())
                    .isEqualTo(-33.3);
        }

        @Test
        void anUnknownComponentOrNoReplicaIsNamedAtItsField() {
            Topology chain = chain(Component.of("C"));
            assertThatThrownBy(() -> WhatIf.of(
                            chain,
                            Map.of(
                                    "Z",
                                    new Modification(2, null, null, null),
                                    "C",
                                    new Modification(0, null, null, null))))
                    .isInstanceOfSatisfying(
                            InvalidTopologyException.class,
                            e -> assertThat(e.problems())
                                    .extracting(InvalidTopologyException.Problem::field)
                                    .containsExactlyInAnyOrder("modifications.Z", "modifications.C.replicas"));
        }
    }

    @Test
    void aGraphWithDanglingOrRepeatedEdgesIsRefusedWithEveryProblem() {
        assertThatThrownBy(() -> Topology.of(
                        List.of(Component.of("A"), Component.of("A"), Component.of("B")),
                        List.of(
                                Dependency.of("A", "Q", HARD),
                                Dependency.of("A", "B", HARD),
                                Dependency.of("A", "B", SOFT),
                                Dependency.of("B", "B", HARD))))
                .isInstanceOfSatisfying(
                        InvalidTopologyException.class,
                        e -> assertThat(e.problems())
                                .extracting(InvalidTopologyException.Problem::field)
                                .containsExactly("components[1].id", "edges[0].target", "edges[2]", "edges[3].target"));
    }
}
