package io.chaosplane.logservice.wakeup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class NotificationPayloadsTest {

    @Test
    void fewStreamsMakeOneNotification() {
        assertThat(PostgresStreamWakeups.payloads("r1", List.of(5L, 7L))).containsExactly("r1:5,7");
    }

    @Test
    void manyStreamsAreSplitBelowPostgresqlsPayloadLimit() {
        List<Long> streams =
                LongStream.range(1_000_000_000L, 1_000_002_000L).boxed().toList();

        List<String> payloads = PostgresStreamWakeups.payloads("r1", streams);

        assertThat(payloads).hasSizeGreaterThan(1).allSatisfy(payload -> {
            assertThat(payload.length()).isLessThan(8000);
            assertThat(payload).startsWith("r1:").doesNotEndWith(",");
        });
        assertThat(payloads.stream()
                        .flatMap(p -> List.of(p.substring(3).split(",")).stream())
                        .map(Long::parseLong))
                .containsExactlyElementsOf(streams);
    }

    @Test
    void noStreamsNoNotification() {
        assertThat(PostgresStreamWakeups.payloads("r1", List.of())).isEmpty();
    }
}
