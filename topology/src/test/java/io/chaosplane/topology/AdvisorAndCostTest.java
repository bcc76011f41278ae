package io.chaosplane.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.chaosplane.topology.Advisor.Advice;
import io.chaosplane.topology.Advisor.Kind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Availability, advice and cost, computed by hand on graphs small enough to check on paper. */
class AdvisorAndCostTest {

    private static final Topology CHAIN = Topology.of(
            List.of(Component.of("A"), Component.of("B"), Component.of("C")),
            List.of(Dependency.of("A", "B", DependencyType.HARD), Dependency.of("B", "C", DependencyType.HARD)));

    private static final Topology DIAMOND = Topology.of(
            List.of(Component.of("A"), Component.of("B"), Component.of("C"), Component.of("D")),
            List.of(
                    Dependency.of("A", "B", DependencyType.HARD),
                    Dependency.of("A", "C", DependencyType.HARD),
                    Dependency.of("B", "D", DependencyType.HARD),
                    Dependency.of("C", "D", DependencyType.HARD)));

    /** A web tier of three replicas hanging on a single cache through a soft edge without a breaker. */
    private static final Topology SPOF = Topology.of(
            List.of(
                    Component.of("web").withReplicas(3),
                    new Component("cache", "Cache", "cache", 1, null, "healthy", false, false, false)),
            List.of(Dependency.of("web", "cache", DependencyType.SOFT)));

    private static Availability plain(Topology topology) {
        return Availability.of(topology, Map.of());
    }

    @Nested
    class TheEstimate {

        @Test
        void aChainOfSingleReplicasMultipliesThreeTimesTwoNines() {
            assertThat(plain(CHAIN).system()).isCloseTo(0.99 * 0.99 * 0.99, within(1e-12));
            assertThat(Availability.nines(plain(CHAIN).system())).isCloseTo(1.52722, within(1e-5));
        }

        @Test
        void aDiamondCountsTheSharedDependencyOnce() {
            assertThat(plain(DIAMOND).criticalPath()).containsExactly("A", "B", "C", "D");
            assertThat(plain(DIAMOND).system()).isCloseTo(0.96059601, within(1e-12));
        }

        @Test
        void replicasAreInParallelFailoverAddsAStandbyAndOverloadPutsThemInSeries() {
            Topology topology = Topology.of(
                    List.of(
                            Component.of("two").withReplicas(2),
                            Component.of("standby").withReplicas(2).withFailover(true),
                            Component.of("hot").withReplicas(2).withUtilization(60.0)),
                    List.of());
            Availability availability = plain(topology);
            assertThat(availability.own("two")).isCloseTo(1 - 1e-4, within(1e-15));
            assertThat(availability.own("standby")).isCloseTo(1 - 1e-6, within(1e-15));
            // 60 % · 2 ÷ 1 = 120 %: losing either replica takes it down
            assertThat(availability.own("hot")).isCloseTo(0.99 * 0.99, within(1e-15));
        }

        @Test
        void measuredFailuresRaiseTheInstanceUnavailability() {
            Availability availability = Availability.of(CHAIN, Map.of("C", new RunOutcomes(1, 1)));
            // q = 0.01 · (1 + ½)
            assertThat(availability.own("C")).isCloseTo(0.985, within(1e-12));
            assertThat(availability.system()).isCloseTo(0.99 * 0.99 * 0.985, within(1e-12));
        }

        @Test
        void asyncEdgesAndSoftEdgesBehindABreakerAreNotOnTheCriticalPath() {
            Topology topology = Topology.of(
                    List.of(
                            Component.of("A"),
                            Component.of("Q"),
                            Component.of("S").withCircuitBreaker(true)),
                    List.of(
                            Dependency.of("A", "Q", DependencyType.ASYNC),
                            Dependency.of("A", "S", DependencyType.SOFT)));
            assertThat(plain(topology).criticalPath()).containsExactly("A");
        }
    }

    @Nested
    class TheAdvice {

        @Test
        void onTheChainAddsAReplicaToEachInTurnUntilTwoNines() {
            Advice advice = Advisor.advise(plain(CHAIN), 2.0);
            assertThat(advice.steps())
                    .extracting(step ->
                            step.change().component() + ":" + step.change().kind())
                    .containsExactly("A:ADD_REPLICAS", "B:ADD_REPLICAS", "C:ADD_REPLICAS");
            assertThat(advice.steps().get(0).availabilityAfter()).isCloseTo(0.9999 * 0.99 * 0.99, within(1e-12));
            assertThat(advice.steps().get(1).availabilityAfter()).isCloseTo(0.9999 * 0.9999 * 0.99, within(1e-12));
            assertThat(advice.steps().get(2).availabilityAfter()).isCloseTo(0.9999 * 0.9999 * 0.9999, within(1e-12));
            assertThat(advice.reached()).isTrue();
            assertThat(advice.modifications()).containsOnlyKeys("A", "B", "C");
            assertThat(advice.modifications().get("A").replicas()).isEqualTo(2);
        }

        @Test
        void aTargetAlreadyMetNeedsNoChange() {
            Advice advice = Advisor.advise(plain(CHAIN), 1.5);
            assertThat(advice.reached()).isTrue();
            assertThat(advice.steps()).isEmpty();
        }

        @Test
        void theSpofIsFixedByOneCircuitBreakerWhichBeatsAReplicaOrAStandby() {
            assertThat(SPOF.assess().spofs()).containsExactly("cache");
            Advice advice = Advisor.advise(plain(SPOF), 4.0);
            assertThat(advice.availability()).isCloseTo((1 - 1e-6) * 0.99, within(1e-12));
            assertThat(advice.steps()).hasSize(1);
            assertThat(advice.steps().get(0).change().kind()).isEqualTo(Kind.CIRCUIT_BREAKER);
            assertThat(advice.steps().get(0).change().component()).isEqualTo("cache");
            assertThat(advice.steps().get(0).ninesAfter()).isCloseTo(6.0, within(1e-6));
            assertThat(SPOF.modified(advice.modifications()).assess().spofs()).isEmpty();
        }

        @Test
        void aTargetOutOfReachAnswersTheBestReachableWithTheReason() {
            // ten failing links in series (q = 0.02 each): thirty changes take each to four replicas,
            // 10 · 0.02⁴ = 1.6e-6 unavailable, 5.80 nines, short of six
            List<Component> many = new java.util.ArrayList<>();
            List<Dependency> edges = new java.util.ArrayList<>();
            Map<String, RunOutcomes> failing = new java.util.HashMap<>();
            for (int i = 0; i < 10; i++) {
                many.add(Component.of("c" + i));
                failing.put("c" + i, new RunOutcomes(0, 5));
                if (i > 0) {
                    edges.add(Dependency.of("c" + (i - 1), "c" + i, DependencyType.HARD));
                }
            }
            Advice advice = Advisor.advise(Availability.of(Topology.of(many, edges), failing), 6.0);
            assertThat(advice.reached()).isFalse();
            assertThat(advice.steps()).hasSize(Advisor.MAX_STEPS);
            assertThat(advice.finalAvailability()).isCloseTo(Math.pow(1 - 1.6e-7, 10), within(1e-12));
            assertThat(advice.reason()).startsWith("stopped after 30 changes");
            assertThat(advice.modifications().values())
                    .allSatisfy(m -> assertThat(m.replicas()).isEqualTo(4));
        }

        @Test
        void refusesATargetOutsideZeroToSix() {
            assertThatThrownBy(() -> Advisor.advise(plain(CHAIN), 0)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> Advisor.advise(plain(CHAIN), 6.5)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class TheCost {

        @Test
        void eachLinkOfTheChainCostsItsDowntimeAtFullTraffic() {
            List<CostModel.Line> lines = CostModel.lines(plain(CHAIN), 10_000);
            assertThat(lines).extracting(CostModel.Line::component).containsExactly("A", "B", "C");
            for (CostModel.Line line : lines) {
                assertThat(line.downtimeHoursPerYear()).isCloseTo(87.6, within(1e-9));
                assertThat(line.trafficShare()).isEqualTo(1.0);
                assertThat(line.costPerYear()).isCloseTo(876_000, within(1e-6));
            }
            assertThat(CostModel.total(lines)).isCloseTo(2_628_000, within(1e-6));
        }

        @Test
        void aDegradedEntryPointCountsHalf() {
            Topology topology = Topology.of(
                    List.of(Component.of("A"), Component.of("Q")),
                    List.of(Dependency.of("A", "Q", DependencyType.ASYNC)));
            CostModel.Line queue = CostModel.lines(plain(topology), 10_000).stream()
                    .filter(line -> line.component().equals("Q"))
                    .findFirst()
                    .orElseThrow();
            assertThat(queue.trafficShare()).isEqualTo(0.5);
            assertThat(queue.costPerYear()).isCloseTo(438_000, within(1e-6));
        }

        @Test
        void aStandbyShortensTheDowntimeButAnOutageStillTakesItsShare() {
            Topology topology = Topology.of(
                    List.of(Component.of("A"), Component.of("D").withFailover(true)),
                    List.of(Dependency.of("A", "D", DependencyType.HARD)));
            CostModel.Line db = CostModel.lines(plain(topology), 10_000).stream()
                    .filter(line -> line.component().equals("D"))
                    .findFirst()
                    .orElseThrow();
            // 1 − 0.01² = 0.9999: 0.876 h a year, and then A is down with it
            assertThat(db.downtimeHoursPerYear()).isCloseTo(0.876, within(1e-9));
            assertThat(db.trafficShare()).isEqualTo(1.0);
        }

        @Test
        void theTopFixesOfTheChainAreAReplicaEachFromWhichTheSavingFollows() {
            List<CostModel.Fix> fixes = CostModel.topFixes(plain(CHAIN), 10_000, 5);
            assertThat(fixes).extracting(CostModel.Fix::component).containsExactly("A", "B", "C");
            // 876,000 → 0.0001 · 8760 · 10,000 = 8,760
            assertThat(fixes.get(0).savingPerYear()).isCloseTo(867_240, within(1e-6));
            assertThat(fixes.get(0).change().kind()).isEqualTo(Kind.ADD_REPLICAS);
        }

        @Test
        void theDiamondsSharedDependencyTakesEverythingDown() {
            assertThat(CostModel.lines(plain(DIAMOND), 1))
                    .allSatisfy(line -> assertThat(line.trafficShare()).isEqualTo(1.0));
        }
    }
}
