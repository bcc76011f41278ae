package io.chaosplane.protocol.catalog;

import io.chaosplane.protocol.units.ByteSize;
import io.chaosplane.protocol.units.GoDuration;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A fault's inputs after validation: every given or defaulted value read into its type. Look-ups ignore case.
 * Asking for an input that was neither given nor defaulted is a programming error ({@link NoSuchElementException});
 * use the {@code optional...} forms for inputs a fault can do without.
 */
public final class FaultInputs {

    private final FaultDefinition fault;
    private final Map<String, Object> values;

    FaultInputs(FaultDefinition fault, Map<String, Object> valuesByLowerCaseName) {
        this.fault = fault;
        this.values = Map.copyOf(valuesByLowerCaseName);
    }

    public FaultDefinition fault() {
        return fault;
    }

    public boolean has(String name) {
        return values.containsKey(key(name));
    }

    public Duration duration(String name) {
        return get(name, Duration.class);
    }

    public Optional<Duration> optionalDuration(String name) {
        return optional(name, Duration.class);
    }

    public long integer(String name) {
        return get(name, Long.class);
    }

    public Optional<Long> optionalInteger(String name) {
        return optional(name, Long.class);
    }

    public double percentage(String name) {
        return get(name, Double.class);
    }

    public ByteSize size(String name) {
        return get(name, ByteSize.class);
    }

    public Optional<ByteSize> optionalSize(String name) {
        return optional(name, ByteSize.class);
    }

    public String string(String name) {
        return get(name, String.class);
    }

    public Optional<String> optionalString(String name) {
        return optional(name, String.class);
    }

    /** A list input's items, each of {@code itemType} ({@code String} or {@code Long}); empty when not given. */
    public <T> List<T> list(String name, Class<T> itemType) {
        return optional(name, List.class)
                .map(list -> ((List<?>) list).stream().map(itemType::cast).toList())
                .orElse(List.of());
    }

    /**
     * The input that bounds how long the fault stays in force, when it has one: {@code Duration} for Linux faults,
     * {@code TOTAL_CHAOS_DURATION} for Kubernetes ones (LitmusChaos' name).
     */
    public Optional<Duration> chaosDuration() {
        return optionalDuration("Duration").or(() -> optionalDuration(KubernetesFaults.TOTAL_CHAOS_DURATION));
    }

    /** The values as text in the catalogue's spelling of their names, for logs: {@code {Duration=30s, Load=100}}. */
    public Map<String, String> asText() {
        Map<String, String> text = new TreeMap<>();
        for (InputDefinition input : fault.inputs()) {
            Object value = values.get(key(input.name()));
            if (value != null) {
                text.put(
                        input.name(),
                        switch (value) {
                            case Duration duration -> GoDuration.format(duration);
                            case Double percent ->
                                BigDecimal.valueOf(percent).stripTrailingZeros().toPlainString();
                            case List<?> items ->
                                items.stream().map(String::valueOf).collect(Collectors.joining(","));
                            default -> value.toString();
                        });
            }
        }
        return text;
    }

    private <T> T get(String name, Class<T> type) {
        return optional(name, type)
                .orElseThrow(() -> new NoSuchElementException(
                        "input " + name + " of " + fault.name() + " was neither given nor defaulted"));
    }

    private <T> Optional<T> optional(String name, Class<T> type) {
        return Optional.ofNullable(values.get(key(name))).map(type::cast);
    }

    static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return fault.name() + asText();
    }
}
