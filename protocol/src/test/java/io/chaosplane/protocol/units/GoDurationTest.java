package io.chaosplane.protocol.units;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoDurationTest {

    @ParameterizedTest
    @CsvSource({
        "30s, PT30S",
        "11m35s, PT11M35S",
        "1h, PT1H",
        "500ms, PT0.5S",
        "1.5s, PT1.5S",
        "180s, PT3M",
        "90, PT1M30S",
        "-5s, PT-5S",
        "2h3m4s, PT2H3M4S",
        "250us, PT0.00025S"
    })
    void parsesGoDurationsAndBareSeconds(String text, Duration expected) {
        assertThat(GoDuration.parse(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"PT30S, 30s", "PT11M35S, 11m35s", "PT1H, 1h0m0s", "PT0.25S, 250ms", "PT1.5S, 1.5s", "PT0S, 0s"})
    void formatsLikeGo(Duration duration, String expected) {
        assertThat(GoDuration.format(duration)).isEqualTo(expected);
    }

    @Test
    void refusesWhatIsNoDuration() {
        assertThatThrownBy(() -> GoDuration.parse("30 seconds"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("such as 30s");
        assertThatThrownBy(() -> GoDuration.parse("5d")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GoDuration.parse("")).isInstanceOf(IllegalArgumentException.class);
    }
}
