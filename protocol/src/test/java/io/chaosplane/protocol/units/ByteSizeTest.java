package io.chaosplane.protocol.units;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ByteSizeTest {

    @ParameterizedTest
    @CsvSource({
        "4096, 4096",
        "256Mi, 268435456",
        "1G, 1000000000",
        "1g, 1000000000",
        "1Gi, 1073741824",
        "1.5GiB, 1610612736",
        "64KB, 64000",
        "2Ti, 2199023255552",
        "10 MiB, 10485760"
    })
    void parsesAbsoluteSizes(String text, long bytes) {
        assertThat(ByteSize.parse(text)).isEqualTo(ByteSize.ofBytes(bytes));
    }

    @Test
    void parsesAndResolvesPercentages() {
        ByteSize half = ByteSize.parse("50%");

        assertThat(half.isPercent()).isTrue();
        assertThat(half.resolve(8L << 30)).isEqualTo(4L << 30);
        assertThat(ByteSize.ofBytes(10).resolve(1000)).isEqualTo(10);
    }

    @Test
    void refusesUnknownUnits() {
        assertThatThrownBy(() -> ByteSize.parse("1Zb")).hasMessageContaining("unknown unit 'Zb'");
        assertThatThrownBy(() -> ByteSize.parse("lots")).hasMessageContaining("not a size");
    }
}
