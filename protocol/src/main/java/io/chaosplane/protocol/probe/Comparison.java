package io.chaosplane.protocol.probe;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A comparator made executable: built once from a {@link Comparator} (which also validates it), then applied to
 * observed values. Keeping parsing and judging in one place means the control plane refuses exactly what an agent
 * could not judge.
 */
public final class Comparison {

    private final String description;
    private final Predicate<String> test;

    private Comparison(String description, Predicate<String> test) {
        this.description = description;
        this.test = test;
    }

    /**
     * Builds a comparison.
     *
     * @throws IllegalArgumentException naming what is wrong: unknown type, a criterion the type lacks, an expected
     *     value the type cannot read, a bad regular expression
     */
    public static Comparison of(Comparator comparator) {
        Objects.requireNonNull(comparator, "comparator");
        ComparatorType type = ComparatorType.parse(comparator.type())
                .orElseThrow(() -> new IllegalArgumentException(
                        "type '" + comparator.type() + "' is not one of string, int, float"));
        String criteria = comparator.criteria();
        if (criteria == null || !type.criteria().contains(criteria)) {
            throw new IllegalArgumentException(
                    "criteria '" + criteria + "' is not one of " + type.criteria() + " for type " + type.wire());
        }
        String expected = comparator.value();
        if (expected == null) {
            throw new IllegalArgumentException("value is required");
        }
        String description = criteria + " " + expected;
        return new Comparison(
                description,
                type == ComparatorType.STRING ? stringTest(criteria, expected) : numberTest(type, criteria, expected));
    }

    /** Whether the observed value meets the criterion. */
    public boolean test(String actual) {
        return actual != null && test.test(actual.strip());
    }

    /** For messages: {@code "contains [P000]"}. */
    @Override
    public String toString() {
        return description;
    }

    private static Predicate<String> stringTest(String criteria, String expected) {
        return switch (criteria) {
            case "equal" -> expected::equals;
            case "notEqual" -> actual -> !expected.equals(actual);
            case "contains" -> actual -> actual.contains(expected);
            case "notContains" -> actual -> !actual.contains(expected);
            case "matches" -> regex(expected).asPredicate();
            case "notMatches" -> regex(expected).asPredicate().negate();
            case "oneOf" -> items(expected)::contains;
            default -> throw new IllegalStateException(criteria);
        };
    }

    private static Predicate<String> numberTest(ComparatorType type, String criteria, String expected) {
        return switch (criteria) {
            case "oneOf" -> {
                List<BigDecimal> allowed =
                        items(expected).stream().map(item -> number(type, item)).toList();
                yield actual -> parses(type, actual)
                        && allowed.stream().anyMatch(value -> value.compareTo(number(type, actual)) == 0);
            }
            case "between" -> {
                List<BigDecimal> bounds =
                        items(expected).stream().map(item -> number(type, item)).toList();
                if (bounds.size() != 2 || bounds.get(0).compareTo(bounds.get(1)) > 0) {
                    throw new IllegalArgumentException(
                            "value of between must be two numbers, lower first, such as 200,299");
                }
                yield actual -> parses(type, actual)
                        && number(type, actual).compareTo(bounds.get(0)) >= 0
                        && number(type, actual).compareTo(bounds.get(1)) <= 0;
            }
            default -> {
                BigDecimal value = number(type, expected);
                yield actual -> parses(type, actual)
                        && holds(criteria, number(type, actual).compareTo(value));
            }
        };
    }

    private static boolean holds(String criteria, int order) {
        return switch (criteria) {
            case "==" -> order == 0;
            case "!=" -> order != 0;
            case ">" -> order > 0;
            case "<" -> order < 0;
            case ">=" -> order >= 0;
            case "<=" -> order <= 0;
            default -> throw new IllegalStateException(criteria);
        };
    }

    private static boolean parses(ComparatorType type, String text) {
        try {
            number(type, text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static BigDecimal number(ComparatorType type, String text) {
        try {
            BigDecimal number = new BigDecimal(text.strip());
            if (type == ComparatorType.INT && number.stripTrailingZeros().scale() > 0) {
                throw new IllegalArgumentException("'" + text + "' is not an int");
            }
            return number;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "'" + text + "' is not " + (type == ComparatorType.INT ? "an" : "a") + " " + type.wire(), e);
        }
    }

    private static List<String> items(String text) {
        return Arrays.stream(text.split(","))
                .map(String::strip)
                .filter(item -> !item.isEmpty())
                .toList();
    }

    private static Pattern regex(String expression) {
        try {
            return Pattern.compile(expression);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(
                    "value '" + expression + "' is not a regular expression: " + e.getDescription(), e);
        }
    }
}
