package io.chaosplane.protocol.probe;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ComparisonTest {

    @ParameterizedTest(name = "{0} {1} ''{2}'' on ''{3}'' is {4}")
    @CsvSource(delimiter = '|', textBlock = """
            string | equal       | ok          | ok              | true
            string | equal       | ok          | ' ok '          | true
            string | notEqual    | ok          | ko              | true
            string | contains    | [P000]      | status [P000]   | true
            string | contains    | [P000]      | status [P001]   | false
            string | notContains | error       | all good        | true
            string | matches     | ^v\\d+$     | v12             | true
            string | notMatches  | ^v\\d+$     | v12             | false
            string | oneOf       | 'a, b'      | b               | true
            int    | ==          | 200         | 200             | true
            int    | !=          | 200         | 500             | true
            int    | >           | 5           | 6               | true
            int    | <           | 5           | 6               | false
            int    | >=          | 5           | 5               | true
            int    | <=          | 5           | 4               | true
            int    | oneOf       | '200,204'   | 204             | true
            int    | between     | '200,299'   | 299             | true
            int    | between     | '200,299'   | 300             | false
            int    | ==          | 1           | not a number    | false
            float  | >           | 0.5         | 0.75            | true
            float  | ==          | 1           | 1.0             | true
            float  | between     | '0.1,0.2'   | 0.15            | true
            """)
    void judgesObservedValues(String type, String criteria, String expected, String actual, boolean passes) {
        assertThat(Comparison.of(new Comparator(type, criteria, expected)).test(actual))
                .isEqualTo(passes);
    }
}
