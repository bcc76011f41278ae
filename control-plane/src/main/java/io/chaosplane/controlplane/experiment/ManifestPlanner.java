package io.chaosplane.controlplane.experiment;

import io.chaosplane.controlplane.access.ResourceScope;
import io.chaosplane.controlplane.experiment.ExperimentManifest.Action;
import io.chaosplane.controlplane.experiment.ExperimentManifest.FaultSpec;
import io.chaosplane.controlplane.experiment.ExperimentManifest.Spec;
import io.chaosplane.controlplane.experiment.ExperimentManifest.Target;
import io.chaosplane.controlplane.infra.InfrastructureDtos.InfrastructureView;
import io.chaosplane.controlplane.infra.InfrastructureService;
import io.chaosplane.controlplane.infra.InfrastructureType;
import io.chaosplane.controlplane.run.RunPlan;
import io.chaosplane.controlplane.stopcondition.StopCondition;
import io.chaosplane.controlplane.stopcondition.StopConditionValidator;
import io.chaosplane.protocol.catalog.FaultCatalog;
import io.chaosplane.protocol.catalog.FaultDefinition;
import io.chaosplane.protocol.catalog.FaultInputs;
import io.chaosplane.protocol.catalog.FieldError;
import io.chaosplane.protocol.catalog.Platform;
import io.chaosplane.protocol.k8s.Targets;
import io.chaosplane.protocol.linux.ChaosSpec;
import io.chaosplane.protocol.linux.CommandStopCondition;
import io.chaosplane.protocol.linux.ExperimentInput;
import io.chaosplane.protocol.units.GoDuration;
import io.chaosplane.service.web.FieldProblem;
import io.chaosplane.service.web.InvalidInputException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Checks a manifest against the fault catalogue and the project's infrastructures, and turns it into the plan a
 * run follows. Every problem is reported at its field ({@code spec.steps[1][0].action.parameters.Load}), all at once.
 */
@Component
class ManifestPlanner {

    static final Pattern NAME = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$");
    private static final int DEFAULT_WEIGHT = 10;

    private final FaultCatalog catalog;
    private final InfrastructureService infrastructures;
    private final ClusterTargeting clusters;

    ManifestPlanner(FaultCatalog catalog, InfrastructureService infrastructures) {
        this.catalog = catalog;
        this.infrastructures = infrastructures;
        this.clusters = new ClusterTargeting(infrastructures);
    }

    /** The manifest's name and namespace, checked; every other problem is left to {@link #plan}. */
    record Identity(String name, String namespace) {}

    Identity identity(ExperimentManifest manifest) {
        List<FieldProblem> problems = new ArrayList<>();
        if (manifest == null) {
            throw InvalidInputException.of("body", "a ChaosExperiment manifest is required");
        }
        if (!ExperimentManifest.API_VERSION.equals(manifest.apiVersion())) {
            problems.add(new FieldProblem("apiVersion", "must be " + ExperimentManifest.API_VERSION));
        }
        if (!ExperimentManifest.KIND.equals(manifest.kind())) {
            problems.add(new FieldProblem("kind", "must be " + ExperimentManifest.KIND));
        }
        String name = manifest.metadata() == null ? null : manifest.metadata().name();
        String namespace = manifest.metadata() == null || manifest.metadata().namespace() == null
                ? "default"
                : manifest.metadata().namespace();
        checkName("metadata.name", name, problems);
        checkName("metadata.namespace", namespace, problems);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return new Identity(name, namespace);
    }

    RunPlan plan(UUID experimentId, ResourceScope project, ExperimentManifest manifest) {
        Identity identity = identity(manifest);
        List<FieldProblem> problems = new ArrayList<>();
        Spec spec = manifest.spec();
        if (spec == null) {
            throw InvalidInputException.of("spec", "is required");
        }
        List<List<RunPlan.Fault>> steps = new ArrayList<>();
        List<CommandStopCondition> agentChecks = spec.stopConditions() == null
                ? List.of()
                : spec.stopConditions().stream()
                        .filter(condition -> condition != null && condition.checkedByAgents())
                        .map(StopCondition::forAgent)
                        .toList();
        if (spec.steps() != null && spec.action() != null) {
            problems.add(new FieldProblem("spec.steps", "give either spec.action or spec.steps, not both"));
        } else if (spec.steps() != null) {
            if (spec.steps().isEmpty()) {
                problems.add(new FieldProblem("spec.steps", "needs at least one step"));
            }
            Set<String> names = new HashSet<>();
            for (int s = 0; s < spec.steps().size(); s++) {
                List<FaultSpec> step = spec.steps().get(s);
                if (step == null || step.isEmpty()) {
                    problems.add(new FieldProblem("spec.steps[" + s + "]", "needs at least one fault"));
                    continue;
                }
                List<RunPlan.Fault> faults = new ArrayList<>();
                for (int f = 0; f < step.size(); f++) {
                    FaultSpec fault = step.get(f);
                    String path = "spec.steps[" + s + "][" + f + "]";
                    if (fault == null) {
                        problems.add(new FieldProblem(path, "is empty"));
                        continue;
                    }
                    checkName(path + ".name", fault.name(), problems);
                    if (fault.name() != null && !names.add(fault.name())) {
                        problems.add(new FieldProblem(path + ".name", "'" + fault.name() + "' is used twice"));
                    }
                    RunPlan.Fault planned = fault(
                            path,
                            project,
                            fault.name(),
                            fault.target() != null ? fault.target() : spec.target(),
                            fault.action(),
                            fault.duration() != null ? fault.duration() : spec.duration(),
                            fault.weight(),
                            fault.probes(),
                            agentChecks,
                            problems);
                    if (planned != null) {
                        faults.add(planned);
                    }
                }
                steps.add(faults);
            }
        } else if (spec.action() == null) {
            problems.add(new FieldProblem("spec.action", "is required (or give spec.steps)"));
        } else {
            RunPlan.Fault planned = fault(
                    "spec",
                    project,
                    identity.name(),
                    spec.target(),
                    spec.action(),
                    spec.duration(),
                    spec.weight(),
                    spec.probes(),
                    agentChecks,
                    problems);
            if (planned != null) {
                steps.add(List.of(planned));
            }
        }
        problems.addAll(StopConditionValidator.validate("spec.stopConditions", spec.stopConditions()));
        if (!agentChecks.isEmpty()
                && steps.stream()
                        .flatMap(List::stream)
                        .anyMatch(fault -> fault.chaos().targets() != null)) {
            problems.add(new FieldProblem(
                    "spec.stopConditions",
                    "command stop conditions are checked by Linux agents; a Kubernetes chaos runner does not check"
                            + " them (use http or prometheus)"));
        }
        if (problems.isEmpty()) {
            ClusterTargeting.checkOneCluster(steps, problems);
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return new RunPlan(
                experimentId, project.organization(), project.project(), identity.namespace(), identity.name(), steps);
    }

    private RunPlan.Fault fault(
            String path,
            ResourceScope project,
            String name,
            Target target,
            Action action,
            String duration,
            Integer weight,
            List<io.chaosplane.protocol.probe.Probe> probes,
            List<CommandStopCondition> agentChecks,
            List<FieldProblem> problems) {
        int before = problems.size();
        if (action == null || action.type() == null || action.type().isBlank()) {
            problems.add(new FieldProblem(path + ".action.type", "is required: a fault of GET /api/v1/faults"));
            return null;
        }
        FaultDefinition definition = catalog.find(action.type()).orElse(null);
        if (definition == null) {
            problems.add(new FieldProblem(
                    path + ".action.type",
                    "unknown fault '" + action.type() + "'; known faults: "
                            + catalog.faults().stream()
                                    .map(FaultDefinition::name)
                                    .toList()));
            return null;
        }
        int chosenWeight = weight == null ? DEFAULT_WEIGHT : weight;
        if (chosenWeight < 1 || chosenWeight > 10) {
            problems.add(new FieldProblem(path + ".weight", "must be between 1 and 10"));
        }
        boolean kubernetes = definition.platform() == Platform.KUBERNETES;
        InfrastructureView infrastructure = kubernetes
                ? clusters.infrastructure(path + ".target", project, target, definition, problems)
                : target(path + ".target", project, target, definition, problems);
        Targets targets = kubernetes ? ClusterTargeting.targets(path + ".target", target, definition, problems) : null;
        List<ExperimentInput> inputs = inputs(action.parameters(), definition, path, problems);
        boolean durationFromSpec =
                duration != null && specDurationFillsInput(definition, inputs, path, duration, problems);
        if (durationFromSpec) {
            inputs.add(new ExperimentInput(durationInput(definition), duration)); // checked with the other inputs
        }
        ChaosSpec chaos = new ChaosSpec(
                definition.name(),
                inputs,
                probes == null ? List.of() : probes,
                targets,
                agentChecks.isEmpty() ? null : agentChecks);
        for (FieldError error : catalog.validate(chaos)) {
            String field =
                    durationFromSpec && error.field().equalsIgnoreCase("experimentInputs." + durationInput(definition))
                            ? path + ".duration"
                            : path + "." + rename(error.field());
            problems.add(new FieldProblem(field, error.message()));
        }
        if (problems.size() > before || infrastructure == null) {
            return null;
        }
        FaultInputs resolved = catalog.resolve(definition.name(), inputs);
        int seconds =
                (int) Math.max(1, resolved.chaosDuration().orElse(Duration.ZERO).toSeconds());
        return new RunPlan.Fault(name, infrastructure.id(), chaos, chosenWeight, seconds);
    }

    private InfrastructureView target(
            String path,
            ResourceScope project,
            Target target,
            FaultDefinition definition,
            List<FieldProblem> problems) {
        if (definition.platform() != Platform.LINUX) {
            problems.add(new FieldProblem(
                    path,
                    definition.name() + " runs on " + definition.platform()
                            + " infrastructures, which this control plane cannot target yet"));
            return null;
        }
        if (target == null
                || target.infrastructure() == null
                || target.infrastructure().isBlank()) {
            problems.add(new FieldProblem(
                    path + ".infrastructure",
                    "is required: the Linux infrastructure to run " + definition.name()
                            + " on (its id or identifier)"));
            return null;
        }
        if (target.kind() != null
                && !target.kind().equalsIgnoreCase("Linux")
                && !target.kind().equalsIgnoreCase("LinuxHost")) {
            problems.add(new FieldProblem(path + ".kind", "must be Linux for " + definition.name()));
            return null;
        }
        InfrastructureView infrastructure =
                infrastructures.findInProject(project, target.infrastructure()).orElse(null);
        if (infrastructure == null) {
            problems.add(new FieldProblem(
                    path + ".infrastructure", "no infrastructure '" + target.infrastructure() + "' in " + project));
            return null;
        }
        if (infrastructure.type() != InfrastructureType.Linux) {
            problems.add(new FieldProblem(
                    path + ".infrastructure",
                    "'" + target.infrastructure() + "' is a " + infrastructure.type() + " infrastructure; "
                            + definition.name() + " needs Linux"));
            return null;
        }
        return infrastructure;
    }

    private static String durationInput(FaultDefinition definition) {
        return definition.input("Duration").isPresent() || definition.platform() == Platform.LINUX
                ? "Duration"
                : "TOTAL_CHAOS_DURATION";
    }

    /**
     * The action's parameters as the task's inputs, each of a JSON kind its input takes (a list where one value
     * belongs is refused at its field, never sent as an empty text).
     */
    private static List<ExperimentInput> inputs(
            Map<String, Object> parameters, FaultDefinition definition, String path, List<FieldProblem> problems) {
        List<ExperimentInput> inputs = new ArrayList<>();
        if (parameters == null) {
            return inputs;
        }
        for (Map.Entry<String, Object> parameter : parameters.entrySet()) {
            Object value = parameter.getValue();
            try {
                // an unknown input is refused by the catalogue, by its name
                String text = definition
                        .input(parameter.getKey())
                        .map(input -> input.text(value))
                        .orElseGet(() -> Objects.toString(value, null));
                inputs.add(new ExperimentInput(parameter.getKey(), text));
            } catch (IllegalArgumentException e) {
                problems.add(new FieldProblem(path + ".action.parameters." + parameter.getKey(), e.getMessage()));
            }
        }
        return inputs;
    }

    /**
     * Whether the manifest's {@code duration} is what fills the fault's duration input: when the parameters do not
     * give it. Otherwise it is checked here, so that a wrong one never passes unseen: it must be a duration, and the
     * same as the parameter when both are given.
     */
    private static boolean specDurationFillsInput(
            FaultDefinition definition,
            List<ExperimentInput> inputs,
            String path,
            String duration,
            List<FieldProblem> problems) {
        String durationField = path + ".duration";
        String durationInput = durationInput(definition);
        ExperimentInput parameter = inputs.stream()
                .filter(input -> input.name().equalsIgnoreCase(durationInput))
                .findFirst()
                .orElse(null);
        if (parameter == null && definition.input(durationInput).isPresent()) {
            return true;
        }
        Duration fromSpec;
        try {
            fromSpec = GoDuration.parse(duration);
        } catch (IllegalArgumentException e) {
            problems.add(new FieldProblem(durationField, e.getMessage()));
            return false;
        }
        if (fromSpec.isNegative() || fromSpec.isZero()) {
            problems.add(new FieldProblem(durationField, "must be a positive duration such as 30s"));
            return false;
        }
        if (parameter == null || parameter.value() == null || parameter.value().isBlank()) {
            return false;
        }
        Duration fromParameter;
        try {
            fromParameter = GoDuration.parse(parameter.value());
        } catch (IllegalArgumentException e) {
            return false; // the catalogue says what is wrong with the parameter
        }
        if (!fromParameter.equals(fromSpec)) {
            String parameterField = path + ".action.parameters." + parameter.name();
            problems.add(new FieldProblem(
                    durationField,
                    "is " + duration + " but " + parameterField + " is " + parameter.value()
                            + ": give one of them, or the same"));
            problems.add(new FieldProblem(
                    parameterField,
                    "is " + parameter.value() + " but " + durationField + " is " + duration
                            + ": give one of them, or the same"));
        }
        return false;
    }

    /** The catalogue's field names in the manifest's terms. */
    private static String rename(String field) {
        if (field.startsWith("experimentInputs.")) {
            return "action.parameters." + field.substring("experimentInputs.".length());
        }
        if (field.equals("experiment")) {
            return "action.type";
        }
        return field;
    }

    private static void checkName(String field, String name, List<FieldProblem> problems) {
        if (name == null || name.isBlank()) {
            problems.add(new FieldProblem(field, "is required"));
        } else if (name.length() > 63 || !NAME.matcher(name).matches()) {
            problems.add(new FieldProblem(
                    field,
                    "must be lower-case letters, digits and '-', starting and ending with a"
                            + " letter or digit, at most 63 characters"));
        }
    }
}
