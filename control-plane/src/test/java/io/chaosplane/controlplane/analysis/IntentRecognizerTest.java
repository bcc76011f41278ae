package io.chaosplane.controlplane.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosplane.controlplane.analysis.IntentRecognizer.Intent;
import io.chaosplane.controlplane.analysis.IntentRecognizer.Match;
import io.chaosplane.controlplane.analysis.IntentRecognizer.Name;
import java.util.List;
import org.junit.jupiter.api.Test;

class IntentRecognizerTest {

    static final List<Name> NAMES = List.of(
            new Name("component", "order-service", "order-service"),
            new Name("component", "order-service", "Order Service"),
            new Name("component", "db", "db"),
            new Name("component", "a", "a"),
            new Name("infrastructure", "edge-hosts", "edge-hosts"));

    @Test
    void levenshteinCountsEditsAndToleranceGrowsWithTheWord() {
        assertThat(IntentRecognizer.levenshtein("databse", "database")).isEqualTo(1);
        assertThat(IntentRecognizer.levenshtein("kitten", "sitting")).isEqualTo(3);
        assertThat(IntentRecognizer.close("dp", "db")).isFalse(); // three letters or fewer: exact only
        assertThat(IntentRecognizer.close("scpre", "score")).isTrue();
        assertThat(IntentRecognizer.close("disconected", "disconnected")).isTrue();
    }

    @Test
    void aMisspeltMultiWordNameIsFoundAndTheLongestNameWins() {
        Match match = IntentRecognizer.recognize("what breaks if the ordr servise goes down", NAMES);
        assertThat(match.intent()).isEqualTo(Intent.FAILURE_IMPACT);
        assertThat(match.entity()).map(Name::id).contains("order-service");
    }

    @Test
    void aCommonWordDoesNotNameAComponent() {
        Match match = IntentRecognizer.recognize("what does a failure cost", NAMES);
        assertThat(match.intent()).isEqualTo(Intent.FAILURE_COST);
        assertThat(match.entity()).isEmpty();
    }

    @Test
    void costWinsOverImpactWhenBothAreAsked() {
        assertThat(IntentRecognizer.recognize("what does it cost if db fails", NAMES)
                        .intent())
                .isEqualTo(Intent.FAILURE_COST);
    }

    @Test
    void synonymsReachTheirIntentAndNonsenseNone() {
        assertThat(IntentRecognizer.recognize("list our SPOFs", NAMES).intent())
                .isEqualTo(Intent.SINGLE_POINTS_OF_FAILURE);
        assertThat(IntentRecognizer.recognize("which agents are offline?", NAMES)
                        .intent())
                .isEqualTo(Intent.DISCONNECTED_INFRASTRUCTURES);
        assertThat(IntentRecognizer.recognize("anything upcoming?", NAMES).intent())
                .isEqualTo(Intent.NEXT_RUNS);
        assertThat(IntentRecognizer.recognize("sing me a song", NAMES).intent()).isEqualTo(Intent.UNKNOWN);
    }

    @Test
    void theRevenuePerHourIsReadFromTheQuestion() {
        assertThat(ChatService.revenue("cost of db at $2,500/h")).isEqualTo(2500.0);
        assertThat(ChatService.revenue("cost at 12k per hour")).isEqualTo(12_000.0);
        assertThat(ChatService.revenue("cost of db2")).isEqualTo(ChatService.DEFAULT_REVENUE_PER_HOUR);
    }
}
