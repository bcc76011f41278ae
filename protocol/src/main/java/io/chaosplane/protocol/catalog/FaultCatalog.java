package io.chaosplane.protocol.catalog;

import io.chaosplane.protocol.linux.ChaosSpec;
import io.chaosplane.protocol.linux.ExperimentInput;
import io.chaosplane.protocol.units.GoDuration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The faults ChaosPlane knows, as data, and the validation of an experiment against them. The control plane validates
 * experiments up front and serves {@link #faults()} to the UI; agents validate every task again before touching the
 * host (a task may come from an older or newer control plane).
 */
public final class FaultCatalog {

    private final Map<String, FaultDefinition> faultsByName;

    public FaultCatalog(Collection<FaultDefinition> faults) {
        this.faultsByName = faults.stream()
                .collect(Collectors.toMap(
                        FaultDefinition::name,
                        Function.identity(),
                        (a, b) -> {
                            throw new IllegalArgumentException("fault " + a.name() + " defined twice");
                        },
                        LinkedHashMap::new));
    }

    /** Every fault of every platform ChaosPlane supports. */
    public static FaultCatalog standard() {
        List<FaultDefinition> faults = new ArrayList<>(LinuxFaults.all());
        faults.addAll(KubernetesFaults.all());
        return new FaultCatalog(faults);
    }

    /** The faults, in catalogue order. */
    public List<FaultDefinition> faults() {
        return List.copyOf(faultsByName.values());
    }

    public Optional<FaultDefinition> find(String faultName) {
        return Optional.ofNullable(faultName).map(faultsByName::get);
    }

    /** Every field error of a task's chaos member: the fault, its inputs and its probes. Empty when valid. */
    public List<FieldError> validate(ChaosSpec chaos) {
        List<FieldError> errors = new ArrayList<>(validateInputs(chaos.experiment(), chaos.inputs()));
        Platform platform =
                find(chaos.experiment()).map(FaultDefinition::platform).orElse(null);
        errors.addAll(ProbeValidator.validate(chaos.probeList(), platform));
        return errors;
    }

    /** The field errors of a fault's inputs; empty when valid. */
    public List<FieldError> validateInputs(String faultName, List<ExperimentInput> inputs) {
        return read(faultName, inputs).errors();
    }

    /**
     * Reads a fault's inputs into their types, applying defaults.
     *
     * @throws InvalidChaosException with every field error when the fault is unknown or an input is invalid
     */
    public FaultInputs resolve(String faultName, List<ExperimentInput> inputs) {
        Reading reading = read(faultName, inputs);
        if (!reading.errors().isEmpty()) {
            throw new InvalidChaosException(reading.errors());
        }
        return reading.inputs();
    }

    /**
     * A task's inputs as LitmusChaos and Harness faults read their env, as seed 001's {@code KubernetesChaosExperiment}
     * shows them: a duration or interval in whole seconds as a bare number ({@code TOTAL_CHAOS_DURATION "30"}, not
     * {@code "30s"}; a fraction of a second rounds up), every other value as given. Unknown faults and inputs, and
     * values that are no duration, are left as they are: the runner reports them.
     */
    public List<ExperimentInput> env(String faultName, List<ExperimentInput> inputs) {
        Optional<FaultDefinition> fault = find(faultName);
        return inputs.stream()
                .map(input -> fault.flatMap(definition -> definition.input(input.name()))
                        .filter(definition -> definition.type() == InputType.DURATION)
                        .flatMap(definition -> wholeSeconds(input.value()))
                        .map(seconds -> new ExperimentInput(input.name(), seconds))
                        .orElse(input))
                .toList();
    }

    private static Optional<String> wholeSeconds(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            Duration duration = GoDuration.parse(value);
            long seconds = duration.toSeconds() + (duration.toNanosPart() > 0 ? 1 : 0);
            return Optional.of(Long.toString(seconds));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private record Reading(FaultInputs inputs, List<FieldError> errors) {}

    private Reading read(String faultName, List<ExperimentInput> inputs) {
        Optional<FaultDefinition> found = find(faultName);
        if (found.isEmpty()) {
            return new Reading(
                    null,
                    List.of(new FieldError(
                            "experiment",
                            faultName == null || faultName.isBlank()
                                    ? "is required"
                                    : "unknown fault '" + faultName + "'; known faults: " + faultsByName.keySet())));
        }
        FaultDefinition fault = found.get();
        List<FieldError> errors = new ArrayList<>();
        Map<String, String> given = given(fault, inputs, errors);
        Map<String, Object> values = new HashMap<>();
        for (InputDefinition input : fault.inputs()) {
            String key = FaultInputs.key(input.name());
            String raw = given.getOrDefault(key, input.defaultValue());
            if (raw == null) {
                if (input.required()) {
                    errors.add(inputError(input.name(), "is required"));
                }
                continue;
            }
            try {
                values.put(key, input.parse(raw));
            } catch (IllegalArgumentException e) {
                errors.add(inputError(input.name(), e.getMessage()));
            }
        }
        for (InputRule rule : fault.rules()) {
            checkRule(rule, given.keySet(), errors);
        }
        return new Reading(errors.isEmpty() ? new FaultInputs(fault, values) : null, List.copyOf(errors));
    }

    /** The given, non-blank values by lower-case name; unknown and repeated names are errors. */
    private static Map<String, String> given(
            FaultDefinition fault, List<ExperimentInput> inputs, List<FieldError> errors) {
        Map<String, String> given = new HashMap<>();
        for (int i = 0; i < inputs.size(); i++) {
            ExperimentInput input = inputs.get(i);
            if (input == null || input.name() == null || input.name().isBlank()) {
                errors.add(new FieldError("experimentInputs[" + i + "].name", "is required"));
                continue;
            }
            if (fault.input(input.name()).isEmpty()) {
                errors.add(inputError(
                        input.name(),
                        "is not an input of " + fault.name() + "; its inputs are "
                                + fault.inputs().stream()
                                        .map(InputDefinition::name)
                                        .toList()));
                continue;
            }
            if (input.value() == null || input.value().isBlank()) {
                continue;
            }
            if (given.put(FaultInputs.key(input.name()), input.value()) != null) {
                errors.add(inputError(input.name(), "is given more than once"));
            }
        }
        return given;
    }

    private static void checkRule(InputRule rule, Set<String> givenKeys, List<FieldError> errors) {
        Set<String> present = new HashSet<>();
        for (String name : rule.inputs()) {
            if (givenKeys.contains(FaultInputs.key(name))) {
                present.add(name);
            }
        }
        String names = String.join(" or ", rule.inputs());
        if (present.isEmpty()) {
            errors.add(inputError(
                    rule.inputs().getFirst(),
                    "give " + (rule.kind() == InputRule.Kind.EXACTLY_ONE ? "one of " : "at least one of ") + names));
        } else if (rule.kind() == InputRule.Kind.EXACTLY_ONE && present.size() > 1) {
            errors.add(inputError(rule.inputs().get(1), "give only one of " + names));
        }
    }

    private static FieldError inputError(String inputName, String message) {
        return new FieldError("experimentInputs." + inputName, message);
    }
}
