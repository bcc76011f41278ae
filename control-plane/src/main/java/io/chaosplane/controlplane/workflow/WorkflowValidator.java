package io.chaosplane.controlplane.workflow;

import io.chaosplane.controlplane.stopcondition.StopCondition;
import io.chaosplane.controlplane.stopcondition.StopConditionValidator;
import io.chaosplane.controlplane.workflow.WorkflowManifest.Template;
import io.chaosplane.protocol.units.GoDuration;
import io.chaosplane.service.web.FieldProblem;
import io.chaosplane.service.web.InvalidInputException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a workflow's shape: names, types, that every template is reached from the entry exactly once (the steps
 * form a tree) and each type's members. What refers to the project (experiments, infrastructures) the service checks.
 */
final class WorkflowValidator {

    static final Set<String> TYPES = Set.of("Serial", "Parallel", "Experiment", "Suspend", "StatusCheck");
    private static final Pattern NAME = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$");

    private WorkflowValidator() {}

    /** The manifest's namespace, checked; every problem of the manifest, at its field, in one 400. */
    static String check(WorkflowManifest manifest) {
        List<FieldProblem> problems = new ArrayList<>();
        if (manifest == null) {
            throw InvalidInputException.of("body", "a ChaosWorkflow manifest is required");
        }
        if (!WorkflowManifest.API_VERSION.equals(manifest.apiVersion())) {
            problems.add(new FieldProblem("apiVersion", "must be " + WorkflowManifest.API_VERSION));
        }
        if (!WorkflowManifest.KIND.equals(manifest.kind())) {
            problems.add(new FieldProblem("kind", "must be " + WorkflowManifest.KIND));
        }
        String namespace = manifest.metadata() == null || manifest.metadata().namespace() == null
                ? "default"
                : manifest.metadata().namespace();
        name(
                "metadata.name",
                manifest.metadata() == null ? null : manifest.metadata().name(),
                problems);
        name("metadata.namespace", namespace, problems);
        if (manifest.spec() == null
                || manifest.spec().templates() == null
                || manifest.spec().templates().isEmpty()) {
            problems.add(new FieldProblem("spec.templates", "needs at least one template"));
            throw new InvalidInputException(problems);
        }
        Map<String, Integer> index = new HashMap<>();
        List<Template> templates = manifest.spec().templates();
        for (int i = 0; i < templates.size(); i++) {
            Template template = templates.get(i);
            String path = "spec.templates[" + i + "]";
            if (template == null) {
                problems.add(new FieldProblem(path, "is empty"));
                continue;
            }
            name(path + ".name", template.name(), problems);
            if (template.name() != null && index.put(template.name(), i) != null) {
                problems.add(new FieldProblem(path + ".name", "'" + template.name() + "' is used twice"));
            }
            members(path, template, problems);
        }
        List<StopCondition> conditions = manifest.spec().stopConditions();
        problems.addAll(StopConditionValidator.validate("spec.stopConditions", conditions));
        if (conditions != null) {
            for (int i = 0; i < conditions.size(); i++) {
                if (conditions.get(i) != null && conditions.get(i).checkedByAgents()) {
                    problems.add(new FieldProblem(
                            "spec.stopConditions[" + i + "].type",
                            "a workflow's stop conditions are checked by the control plane (http or prometheus);"
                                    + " list command conditions on its experiments"));
                }
            }
        }
        String entry = manifest.spec().entry();
        if (entry == null || !index.containsKey(entry)) {
            problems.add(new FieldProblem("spec.entry", "must name one of the templates"));
        } else {
            reachability(entry, templates, index, problems);
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return namespace;
    }

    private static void members(String path, Template template, List<FieldProblem> problems) {
        String type = template.templateType();
        if (type == null || !TYPES.contains(type)) {
            problems.add(new FieldProblem(
                    path + ".templateType",
                    "must be one of " + TYPES.stream().sorted().toList()));
            return;
        }
        switch (type) {
            case "Serial", "Parallel" -> {
                if (template.children() == null || template.children().isEmpty()) {
                    problems.add(new FieldProblem(path + ".children", "name at least one template"));
                }
            }
            case "Experiment" -> {
                if (template.experiment() == null || template.experiment().name() == null) {
                    problems.add(
                            new FieldProblem(path + ".experiment.name", "is required: an experiment of the project"));
                }
            }
            case "Suspend" -> {
                if (template.suspend() != null && template.suspend().timeout() != null) {
                    try {
                        GoDuration.parse(template.suspend().timeout());
                    } catch (IllegalArgumentException e) {
                        problems.add(new FieldProblem(path + ".suspend.timeout", e.getMessage()));
                    }
                }
                if (template.suspend() != null
                        && template.suspend().onTimeout() != null
                        && !Set.of("continue", "fail")
                                .contains(template.suspend().onTimeout())) {
                    problems.add(new FieldProblem(path + ".suspend.onTimeout", "must be continue or fail"));
                }
            }
            default -> {
                if (template.statusCheck() == null || template.statusCheck().infrastructure() == null) {
                    problems.add(new FieldProblem(
                            path + ".statusCheck.infrastructure", "is required: where the probes run"));
                }
                if (template.statusCheck() == null
                        || template.statusCheck().probes() == null
                        || template.statusCheck().probes().isEmpty()) {
                    problems.add(
                            new FieldProblem(path + ".statusCheck.probes", "name at least one httpProbe or cmdProbe"));
                }
            }
        }
    }

    /** Every template reached from the entry, each exactly once: no cycles, no orphans, no step run twice. */
    private static void reachability(
            String entry, List<Template> templates, Map<String, Integer> index, List<FieldProblem> problems) {
        Set<String> seen = new HashSet<>();
        List<String> pending = new ArrayList<>(List.of(entry));
        while (!pending.isEmpty()) {
            String name = pending.removeLast();
            if (!seen.add(name)) {
                problems.add(new FieldProblem(
                        "spec.templates[" + index.get(name) + "].name",
                        "'" + name + "' is reached twice (a cycle, or a step in two places)"));
                return;
            }
            Template template = templates.get(index.get(name));
            if (template.children() == null) {
                continue;
            }
            for (String child : template.children()) {
                if (!index.containsKey(child)) {
                    problems.add(new FieldProblem(
                            "spec.templates[" + index.get(name) + "].children", "no template '" + child + "'"));
                    return;
                }
                pending.add(child);
            }
        }
        for (Template template : templates) {
            if (template != null && template.name() != null && !seen.contains(template.name())) {
                problems.add(new FieldProblem(
                        "spec.templates[" + index.get(template.name()) + "].name",
                        "'" + template.name() + "' is not reached from the entry"));
            }
        }
    }

    private static void name(String field, String name, List<FieldProblem> problems) {
        if (name == null || name.isBlank()) {
            problems.add(new FieldProblem(field, "is required"));
        } else if (name.length() > 63 || !NAME.matcher(name).matches()) {
            problems.add(new FieldProblem(field, "must be lower-case letters, digits and '-', at most 63 characters"));
        }
    }
}
