package io.chaosplane.logservice.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LogLineDeserializerTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2025-05-01T17:27:56Z",
                "2025-05-01T17:27:56.5Z",
                "2025-05-01T17:27:56.123456789Z",
                "1970-01-01T00:00:00Z",
                "2024-02-29T23:59:59.000001Z"
            })
    void theFastPathAgreesWithInstantParse(String text) {
        assertThat(LogLineDeserializer.parseUtc(text)).isEqualTo(Instant.parse(text));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2025-05-01T17:27:56+02:00",
                "2025-05-01t17:27:56z",
                "2025-02-30T17:27:56Z",
                "2025-05-01T24:00:00Z",
                "2025-05-01T17:27:56.Z",
                "2025-05-01T17:27:56.1234567890Z",
                "2025-05-01 17:27:56Z",
                "yesterday, 5 pm UTC Z"
            })
    void anythingElseIsLeftToTheFullParser(String text) {
        assertThat(LogLineDeserializer.parseUtc(text)).isNull();
    }
}
