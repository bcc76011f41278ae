package io.chaosplane.protocol.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.chaosplane.protocol.units.ByteSize;
import io.chaosplane.protocol.units.GoDuration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One input of a fault. {@code min} and {@code max} are written in the input's own syntax ({@code "1s"},
 * {@code "65535"}, {@code "1Mi"}); for a list they bound each item. {@code unit} tells a UI what a bare number means
 * ({@code ms} for a latency). Build one with a type's factory and the {@code with...} methods.
 */
public record InputDefinition(
        String name,
        InputType type,
        String description,
        boolean required,
        @JsonProperty("default") String defaultValue,
        String min,
        String max,
        List<String> allowedValues,
        InputType itemType,
        Boolean percentAllowed,
        String pattern,
        String unit) {

    public static InputDefinition of(String name, InputType type, String description) {
        return new InputDefinition(name, type, description, false, null, null, null, null, null, null, null, null);
    }

    public static InputDefinition duration(String name, String description) {
        return of(name, InputType.DURATION, description);
    }

    public static InputDefinition integer(String name, String description) {
        return of(name, InputType.INTEGER, description);
    }

    public static InputDefinition percentage(String name, String description) {
        return of(name, InputType.PERCENTAGE, description).withRange("0", "100");
    }

    public static InputDefinition size(String name, String description) {
        return of(name, InputType.SIZE, description);
    }

    public static InputDefinition string(String name, String description) {
        return of(name, InputType.STRING, description);
    }

    public static InputDefinition oneOf(String name, String description, String... allowed) {
        return new InputDefinition(
                name, InputType.ENUM, description, false, null, null, null, List.of(allowed), null, null, null, null);
    }

    public static InputDefinition list(String name, InputType itemType, String description) {
        return new InputDefinition(
                name, InputType.LIST, description, false, null, null, null, null, itemType, null, null, null);
    }

    public InputDefinition asRequired() {
        return new InputDefinition(
                name,
                type,
                description,
                true,
                defaultValue,
                min,
                max,
                allowedValues,
                itemType,
                percentAllowed,
                pattern,
                unit);
    }

    public InputDefinition withDefault(String value) {
        return new InputDefinition(
                name,
                type,
                description,
                required,
                value,
                min,
                max,
                allowedValues,
                itemType,
                percentAllowed,
                pattern,
                unit);
    }

    public InputDefinition withRange(String lowest, String highest) {
        return new InputDefinition(
                name,
                type,
                description,
                required,
                defaultValue,
                lowest,
                highest,
                allowedValues,
                itemType,
                percentAllowed,
                pattern,
                unit);
    }

    /** Lets a size input also be given as a percentage of a whole the fault names in its description. */
    public InputDefinition withPercentAllowed() {
        return new InputDefinition(
                name,
                type,
                description,
                required,
                defaultValue,
                min,
                max,
                allowedValues,
                itemType,
                true,
                pattern,
                unit);
    }

    public InputDefinition withPattern(String regex) {
        return new InputDefinition(
                name,
                type,
                description,
                required,
                defaultValue,
                min,
                max,
                allowedValues,
                itemType,
                percentAllowed,
                regex,
                unit);
    }

    public InputDefinition withUnit(String unitOfBareNumbers) {
        return new InputDefinition(
                name,
                type,
                description,
                required,
                defaultValue,
                min,
                max,
                allowedValues,
                itemType,
                percentAllowed,
                pattern,
                unitOfBareNumbers);
    }

    /**
     * A manifest's value of this input, as JSON or YAML gives it, in the input's text form: a text, a number or
     * true/false for any input, and for a list input also a list of texts and numbers. A value of another kind (an
     * object, a list where one value belongs, an empty list) is refused, so that it never reaches a task as
     * something else. Whether the text parses as the input's type is checked with the other inputs.
     *
     * @throws IllegalArgumentException with a message fit for a field error
     */
    public String text(Object value) {
        return switch (value) {
            case null -> null;
            case String text -> text;
            case Number number -> number.toString();
            case Boolean flag -> flag.toString();
            case List<?> items when type == InputType.LIST -> listText(items);
            case List<?> items -> throw new IllegalArgumentException("must be " + kind() + ", not a list");
            case Map<?, ?> members -> throw new IllegalArgumentException("must be " + kind() + ", not an object");
            default -> throw new IllegalArgumentException("must be " + kind());
        };
    }

    private static String listText(List<?> items) {
        if (items.isEmpty()) {
            throw new IllegalArgumentException("must list at least one item");
        }
        if (!items.stream().allMatch(item -> item instanceof String || item instanceof Number)) {
            throw new IllegalArgumentException("must list texts or numbers only");
        }
        return String.join(",", items.stream().map(String::valueOf).toList());
    }

    /** What a value of this input is, for messages: "a duration such as 30s". */
    private String kind() {
        return switch (type) {
            case DURATION -> "a duration such as 30s";
            case INTEGER -> "a whole number";
            case PERCENTAGE -> "a percentage such as 50";
            case SIZE -> "a size such as 256Mi";
            case STRING -> "a text";
            case ENUM -> "one of " + allowedValues;
            case LIST -> "a list or comma-separated text";
        };
    }

    /**
     * Reads a value of this input: a {@link Duration}, a {@code Long}, a {@code Double} (percentage), a
     * {@link ByteSize}, a {@code String} (enum values in the catalogue's spelling), or a {@code List} of {@code String}
     * or {@code Long} items.
     *
     * @throws IllegalArgumentException with a message fit for a field error
     */
    Object parse(String raw) {
        String value = raw.strip();
        return switch (type) {
            case DURATION -> parseDuration(value);
            case INTEGER -> parseInteger(value, min, max);
            case PERCENTAGE -> parsePercentage(value);
            case SIZE -> parseSize(value);
            case STRING -> parseString(value);
            case ENUM ->
                allowedValues.stream()
                        .filter(allowed -> allowed.equalsIgnoreCase(value))
                        .findFirst()
                        .orElseThrow(() -> new IllegalArgumentException(
                                "must be one of " + allowedValues + " (was '" + value + "')"));
            case LIST -> parseList(value);
        };
    }

    private Duration parseDuration(String value) {
        Duration duration = GoDuration.parse(value);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("must be a positive duration such as 30s (was '" + value + "')");
        }
        if (min != null && duration.compareTo(GoDuration.parse(min)) < 0) {
            throw new IllegalArgumentException("must be at least " + min + " (was '" + value + "')");
        }
        if (max != null && duration.compareTo(GoDuration.parse(max)) > 0) {
            throw new IllegalArgumentException("must be at most " + max + " (was '" + value + "')");
        }
        return duration;
    }

    private static Long parseInteger(String value, String lowest, String highest) {
        long number;
        try {
            number = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("must be a whole number (was '" + value + "')", e);
        }
        if (lowest != null && number < Long.parseLong(lowest)) {
            throw new IllegalArgumentException("must be at least " + lowest + " (was " + number + ")");
        }
        if (highest != null && number > Long.parseLong(highest)) {
            throw new IllegalArgumentException("must be at most " + highest + " (was " + number + ")");
        }
        return number;
    }

    private Double parsePercentage(String value) {
        String number =
                value.endsWith("%") ? value.substring(0, value.length() - 1).strip() : value;
        double percent;
        try {
            percent = Double.parseDouble(number);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("must be a percentage such as 50 (was '" + value + "')", e);
        }
        if (!(percent >= Double.parseDouble(min) && percent <= Double.parseDouble(max))) {
            throw new IllegalArgumentException("must be from " + min + " to " + max + " (was '" + value + "')");
        }
        return percent;
    }

    private ByteSize parseSize(String value) {
        ByteSize size = ByteSize.parse(value);
        if (size.isPercent()) {
            if (!Boolean.TRUE.equals(percentAllowed)) {
                throw new IllegalArgumentException("must be a size such as 256Mi or 1G (was '" + value + "')");
            }
            if (!(size.percent() > 0 && size.percent() <= 100)) {
                throw new IllegalArgumentException(
                        "must be a percentage above 0 and at most 100 (was '" + value + "')");
            }
            return size;
        }
        if (size.bytes() <= 0) {
            throw new IllegalArgumentException("must be a positive size such as 256Mi (was '" + value + "')");
        }
        if (min != null && size.bytes() < ByteSize.parse(min).bytes()) {
            throw new IllegalArgumentException("must be at least " + min + " (was '" + value + "')");
        }
        if (max != null && size.bytes() > ByteSize.parse(max).bytes()) {
            throw new IllegalArgumentException("must be at most " + max + " (was '" + value + "')");
        }
        return size;
    }

    private String parseString(String value) {
        if (pattern != null && !Pattern.compile(pattern).matcher(value).matches()) {
            throw new IllegalArgumentException("'" + value + "' does not match " + pattern);
        }
        return value;
    }

    private List<Object> parseList(String value) {
        List<String> items = Arrays.stream(value.split(","))
                .map(String::strip)
                .filter(item -> !item.isEmpty())
                .toList();
        if (items.isEmpty()) {
            throw new IllegalArgumentException("must list at least one item, separated by commas");
        }
        List<Object> parsed = new ArrayList<>(items.size());
        for (String item : items) {
            parsed.add(itemType == InputType.INTEGER ? parseInteger(item, min, max) : parseString(item));
        }
        return List.copyOf(parsed);
    }
}
