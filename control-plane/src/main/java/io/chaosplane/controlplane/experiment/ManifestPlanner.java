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
import io.chaosplane.protocol.catalog.FaultCatalog;
import io.chaosplane.protocol.catalog.FaultDefinition;
import io.chaosplane.protocol.catalog.FaultInputs;
import io.chaosplane.protocol.catalog.FieldError;
import io.chaosplane.protocol.catalog.Platform;
import io.chaosplane.protocol.k8s.Targets;
import io.chaosplane.protocol.linux.ChaosSpec;
import io.chaosplane.protocol.linux.ExperimentInput;
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
                    problems);
            if (planned != null) {
                steps.add(List.of(planned));
            }
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
        List<ExperimentInput> inputs = inputs(action.parameters(), duration, definition, path, problems);
        ChaosSpec chaos = new ChaosSpec(definition.name(), inputs, probes == null ? List.of() : probes, targets);
        String durationInput = durationInput(definition);
        boolean durationFromSpec = duration != null
                && (action.parameters() == null
                        || action.parameters().keySet().stream().noneMatch(key -> key.equalsIgnoreCase(durationInput)));
        String durationField = path.equals("spec") ? "spec.duration" : path + ".duration";
        for (FieldError error : catalog.validate(chaos)) {
            String field = durationFromSpec && error.field().equalsIgnoreCase("experimentInputs." + durationInput)
                    ? durationField
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

    /** The action's parameters as the task's inputs; {@code duration} fills the fault's duration input if unset. */
    private static List<ExperimentInput> inputs(
            Map<String, Object> parameters,
            String duration,
            FaultDefinition definition,
            String path,
            List<FieldProblem> problems) {
        List<ExperimentInput> inputs = new ArrayList<>();
        String durationInput = durationInput(definition);
        boolean durationGiven = false;
        if (parameters != null) {
            for (Map.Entry<String, Object> parameter : parameters.entrySet()) {
                Object value = parameter.getValue();
                if (value instanceof Map<?, ?>
                        || value instanceof List<?> list
                                && !list.stream().allMatch(item -> item instanceof String || item instanceof Number)) {
                    problems.add(new FieldProblem(
                            path + ".action.parameters." + parameter.getKey(),
                            "must be a text, a number or a list of them"));
                    continue;
                }
                String text = value instanceof List<?> list
                        ? String.join(",", list.stream().map(String::valueOf).toList())
                        : Objects.toString(value, null);
                inputs.add(new ExperimentInput(parameter.getKey(), text));
                durationGiven |= parameter.getKey().equalsIgnoreCase(durationInput);
            }
        }
        if (duration != null
                && !durationGiven
                && definition.input(durationInput).isPresent()) {
            inputs.add(new ExperimentInput(durationInput, duration)); // checked with the other inputs by the catalogue
        }
        return inputs;
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
