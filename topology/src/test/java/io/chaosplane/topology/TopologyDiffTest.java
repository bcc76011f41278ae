package io.chaosplane.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosplane.topology.TopologyDiff.FieldChange;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopologyDiffTest {

    private static final Topology CHAIN = Topology.of(
            List.of(Component.of("A"), Component.of("B"), Component.of("C")),
            List.of(Dependency.of("A", "B", DependencyType.HARD), Dependency.of("B", "C", DependencyType.HARD)));

    @Test
    void namesWhatWasAddedRemovedAndChangedWithBothScores() {
        Topology after = Topology.of(
                List.of(Component.of("A"), Component.of("C").withReplicas(2), Component.of("D")),
                List.of(Dependency.of("A", "C", DependencyType.SOFT), Dependency.of("D", "C", DependencyType.ASYNC)));
        TopologyDiff diff = TopologyDiff.of(CHAIN, after);
        assertThat(diff.componentsAdded()).containsExactly("D");
        assertThat(diff.componentsRemoved()).containsExactly("B");
        assertThat(diff.componentsChanged()).singleElement().satisfies(change -> {
            assertThat(change.id()).isEqualTo("C");
            assertThat(change.changes()).containsExactly(new FieldChange("replicas", 1, 2));
        });
        assertThat(diff.edgesAdded())
                .containsExactly(
                        Dependency.of("A", "C", DependencyType.SOFT), Dependency.of("D", "C", DependencyType.ASYNC));
        assertThat(diff.edgesRemoved())
                .containsExactly(
                        Dependency.of("A", "B", DependencyType.HARD), Dependency.of("B", "C", DependencyType.HARD));
        assertThat(diff.edgesChanged()).isEmpty();
        // the chain scores 50 (README); after: C at two replicas loses one and the rest carry unknown load: nobody
        // else is hurt, and A, D have no callers: 100
        assertThat(diff.scoreBefore()).isEqualTo(50.0);
        assertThat(diff.scoreAfter()).isEqualTo(100.0);
        assertThat(diff.delta()).isEqualTo(50.0);
    }

    @Test
    void anEdgeWhoseTypeOrWeightChangedIsChangedNotReplaced() {
        Topology after = Topology.of(
                CHAIN.components(),
                List.of(
                        new Dependency("A", "B", DependencyType.SOFT, 0.5),
                        Dependency.of("B", "C", DependencyType.HARD)));
        TopologyDiff diff = TopologyDiff.of(CHAIN, after);
        assertThat(diff.edgesAdded()).isEmpty();
        assertThat(diff.edgesRemoved()).isEmpty();
        assertThat(diff.edgesChanged()).singleElement().satisfies(change -> {
            assertThat(change.source()).isEqualTo("A");
            assertThat(change.changes())
                    .containsExactly(
                            new FieldChange("dependency_type", "hard", "soft"), new FieldChange("weight", 1.0, 0.5));
        });
        assertThat(TopologyDiff.of(CHAIN, CHAIN).componentsChanged()).isEmpty();
    }

    @Test
    void theMermaidTextDrawsBothGraphsWithTheChangesMarked() {
        Topology after = Topology.of(
                List.of(Component.of("A"), Component.of("B").withFailover(true), Component.of("svc:80")),
                List.of(
                        Dependency.of("A", "B", DependencyType.HARD),
                        Dependency.of("A", "svc:80", DependencyType.ASYNC)));
        String mermaid = TopologyDiff.of(CHAIN, after).mermaid();
        assertThat(mermaid).isEqualTo("""
                flowchart LR
                    n0["A"]
                    n1["B"]:::changed
                    n2["C"]:::removed
                    n3["svc:80"]:::added
                    n0 -->|hard| n1
                    n0 -->|async| n3
                    n1 -.->|hard| n2
                    classDef added fill:#d4f7dc,stroke:#1a7f37
                    classDef removed fill:#ffe0e0,stroke:#cf222e,stroke-dasharray:4
                    classDef changed fill:#fff3c4,stroke:#9a6700
                    linkStyle 1 stroke:#1a7f37
                    linkStyle 2 stroke:#cf222e
                """);
    }
}
