package io.chaosplane.logservice.line;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosplane.protocol.logs.LogLine;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CopyRowsTest {

    final StreamRef stream = new StreamRef(42, "acct_1", LocalDate.parse("2025-05-01"));

    @Test
    void aLineIsOneRowOfCopyText() {
        Map<String, String> args = new LinkedHashMap<>();
        args.put("PodName", "pod-delete-wm3");
        args.put("quote\"back\\slash", "tab\tnew\nline");
        LogLine line = new LogLine("info", 7, "a\\b\tc\nd\re", Instant.parse("2025-05-01T17:27:56Z"), args);

        assertThat(text(CopyRows.encode(stream, List.of(line))))
                .isEqualTo(
                        "2025-05-01\t42\tacct_1\t7\tinfo\ta\\\\b\\tc\\nd\\re\t"
                                + "2025-05-01T17:27:56Z\t{\"PodName\":\"pod-delete-wm3\",\"quote\\\\\"back\\\\\\\\slash\":\"tab\\\\tnew\\\\nline\"}\n");
    }

    @Test
    void missingValuesAreNullAndFractionsOfSecondsKept() {
        LogLine line = new LogLine(null, 0, null, Instant.parse("1999-12-31T23:59:59.000001Z"), null);

        assertThat(text(CopyRows.encode(stream, List.of(line))))
                .isEqualTo("2025-05-01\t42\tacct_1\t0\t\\N\t\t1999-12-31T23:59:59.000001000Z\t\\N\n");
    }

    @Test
    void appendedLinesTakeConsecutivePositions() {
        List<LogLine> lines =
                List.of(new LogLine("info", 99, "a", null, null), new LogLine("info", 99, "b", null, null));

        assertThat(text(CopyRows.encodeFrom(stream, lines, 5)))
                .isEqualTo(
                        "2025-05-01\t42\tacct_1\t5\tinfo\ta\t\\N\t\\N\n2025-05-01\t42\tacct_1\t6\tinfo\tb\t\\N\t\\N\n");
    }

    @Test
    void nonAsciiIsUtf8AndNulOrHalfASurrogatePairIsReplaced() {
        LogLine line = new LogLine("info", 1, "é✓😀\0\uD800", null, Map.of("k", "\u0001"));

        assertThat(text(CopyRows.encode(stream, List.of(line))))
                .isEqualTo("2025-05-01\t42\tacct_1\t1\tinfo\té✓😀\uFFFD\uFFFD\t\\N\t{\"k\":\"\\\\u0001\"}\n");
    }

    @Test
    void theAccountIsEscapedLikeAnyText() {
        StreamRef odd = new StreamRef(42, "a\tb\\c", LocalDate.parse("2025-05-01"));

        assertThat(text(CopyRows.encode(odd, List.of(new LogLine("info", 1, "x", null, null)))))
                .isEqualTo("2025-05-01\t42\ta\\tb\\\\c\t1\tinfo\tx\t\\N\t\\N\n");
    }

    private static String text(CopyRows.Encoded encoded) {
        return new String(encoded.bytes(), 0, encoded.length(), StandardCharsets.UTF_8);
    }
}
