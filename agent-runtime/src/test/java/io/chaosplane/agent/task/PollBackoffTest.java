package io.chaosplane.agent.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class PollBackoffTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final PollBackoff backoff = new PollBackoff(
            WAIT, Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofSeconds(60), UnaryOperator.identity());

    @Test
    void waitsAsTheTableSays() {
        String table = """
                outcome                  | next poll in
                error                    | 1s
                error                    | 2s
                error                    | 4s
                error                    | 8s
                error                    | 16s
                error                    | 32s
                error                    | 60s
                error                    | 60s
                empty after a long wait  | 0s
                error                    | 1s
                empty at once            | 1s
                empty at once            | 2s
                empty at once            | 4s
                empty at once            | 8s
                empty at once            | 10s
                empty after a long wait  | 0s
                empty at once            | 10s
                tasks                    | 0s
                empty at once            | 1s
                tasks                    | 0s
                """;

        List<String> expected = new ArrayList<>();
        List<String> actual = new ArrayList<>();
        table.lines().skip(1).map(line -> line.split("\\|")).forEach(row -> {
            String outcome = row[0].strip();
            expected.add(outcome + " | " + row[1].strip());
            actual.add(outcome + " | "
                    + seconds(
                            switch (outcome) {
                                case "error" -> backoff.afterError();
                                case "empty after a long wait" -> backoff.afterEmpty(WAIT);
                                case "empty at once" -> backoff.afterEmpty(Duration.ofMillis(30));
                                case "tasks" -> backoff.afterTasks();
                                default -> throw new IllegalArgumentException(outcome);
                            }));
        });

        assertThat(actual).containsExactlyElementsOf(expected);
    }

    @Test
    void theStandardJitterStaysWithinATwentyPercentBand() {
        PollBackoff standard = PollBackoff.standard(WAIT);

        for (int i = 0; i < 50; i++) {
            assertThat(standard.afterError().toMillis()).isBetween(0L, 72_000L);
        }
        assertThat(PollBackoff.standard(WAIT).afterError().toMillis()).isBetween(800L, 1200L);
    }

    private static String seconds(Duration duration) {
        return duration.toSeconds() + "s";
    }
}
