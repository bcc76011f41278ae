package io.chaosplane.controlplane.web;

import io.chaosplane.controlplane.access.Permission;
import io.chaosplane.controlplane.experiment.ExperimentManifest;
import io.chaosplane.controlplane.experiment.ExperimentService;
import io.chaosplane.controlplane.experiment.ExperimentViews.ExperimentDetail;
import io.chaosplane.controlplane.infra.InfrastructureDtos.InfrastructureView;
import io.chaosplane.controlplane.infra.InfrastructureService;
import io.chaosplane.controlplane.infra.InfrastructureType;
import io.chaosplane.protocol.catalog.FaultCatalog;
import io.chaosplane.protocol.catalog.FaultDefinition;
import io.chaosplane.protocol.catalog.InputDefinition;
import io.chaosplane.protocol.catalog.Platform;
import io.chaosplane.service.web.ConflictException;
import io.chaosplane.service.web.FieldProblem;
import io.chaosplane.service.web.InvalidInputException;
import io.chaosplane.service.web.PageParams;
import io.chaosplane.service.web.Paging;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.databind.json.JsonMapper;

/**
 * Creating an experiment (which starts its first run): from the fault catalogue through a form built from the fault's
 * inputs, or by pasting a manifest. Both end in the API's own checks, whose problems show at their fields.
 */
@Controller
class ExperimentForms {

    static final String INPUT = "input.";
    private static final String DEFAULT_FAULT = "linux-cpu-stress";

    /**
     * The catalogue form as typed; the fault's inputs come separately, as {@code input.<name>}. A Kubernetes fault
     * also names its targets: a workload kind, their namespace and labels ({@code app=web,tier=front}).
     */
    public record ExperimentForm(
            String name,
            String namespace,
            String infrastructure,
            String fault,
            String probeUrl,
            String probeStatus,
            String targetKind,
            String targetNamespace,
            String targetLabels) {

        static ExperimentForm blank(String fault) {
            return new ExperimentForm("", "default", "", fault, "", "200", "Deployment", "default", "");
        }
    }

    /** Seed 000's Kubernetes target kinds, as the form offers them. */
    static final List<String> TARGET_KINDS =
            List.of("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Pod", "Node");

    /** The picker's faults of one platform and category, as the catalogue orders them. */
    public record FaultGroup(String label, List<FaultDefinition> faults) {}

    private final ExperimentService experiments;
    private final InfrastructureService infrastructures;
    private final FaultCatalog catalog;
    private final Manifests manifests;
    private final JsonMapper json;

    ExperimentForms(
            ExperimentService experiments,
            InfrastructureService infrastructures,
            FaultCatalog catalog,
            Manifests manifests,
            JsonMapper json) {
        this.experiments = experiments;
        this.infrastructures = infrastructures;
        this.catalog = catalog;
        this.manifests = manifests;
        this.json = json;
    }

    @GetMapping("/experiments/new")
    String newExperiment(Workspace ws, @RequestParam(required = false) String fault, Model model) {
        ws.require(Permission.MANAGE);
        FaultDefinition chosen =
                catalog.find(fault).orElseGet(() -> catalog.find(DEFAULT_FAULT).orElseThrow());
        ExperimentForm form = ExperimentForm.blank(chosen.name());
        return form(ws, form, defaults(chosen), FormErrors.NONE, "", List.of(), "form", model);
    }

    /** The inputs of one fault, for the form to swap in when another fault is chosen. */
    @GetMapping("/experiments/new/inputs")
    String inputs(@RequestParam String fault, Model model) {
        FaultDefinition chosen =
                catalog.find(fault).orElseGet(() -> catalog.find(DEFAULT_FAULT).orElseThrow());
        model.addAttribute("fault", chosen);
        model.addAttribute("values", defaults(chosen));
        model.addAttribute("errors", FormErrors.NONE);
        model.addAttribute("form", ExperimentForm.blank(chosen.name()));
        model.addAttribute("targetKinds", TARGET_KINDS);
        return "experiments/new :: inputs";
    }

    @PostMapping("/experiments/new")
    String createFromForm(
            Workspace ws, ExperimentForm form, @RequestParam MultiValueMap<String, String> params, Model model) {
        FaultDefinition fault = catalog.find(form.fault()).orElse(null);
        Map<String, String> values = new LinkedHashMap<>();
        if (fault != null) {
            for (InputDefinition input : fault.inputs()) {
                values.put(
                        input.name(),
                        params.getOrDefault(INPUT + input.name(), List.of("")).getFirst());
            }
        }
        // the API would refuse it with 409 too; said here at the fault, where the picker marked it
        var refusal = fault == null ? null : refusalOn(ws, form.infrastructure(), fault);
        if (refusal != null) {
            return form(
                    ws,
                    form,
                    values,
                    FormErrors.of(List.of(
                            new FieldProblem("fault", "the infrastructure's agent cannot run this fault: " + refusal))),
                    "",
                    List.of(),
                    "form",
                    model);
        }
        try {
            ExperimentDetail created = experiments.create(
                    ws.scope(), manifests.convert(manifestOf(form, fault, values), ExperimentManifest.class));
            return "redirect:/runs/" + created.status().runId();
        } catch (InvalidInputException invalid) {
            return form(
                    ws,
                    form,
                    values,
                    FormErrors.of(invalid.fieldProblems(), ExperimentForms::formField),
                    "",
                    List.of(),
                    "form",
                    model);
        } catch (ConflictException exists) {
            return form(
                    ws,
                    form,
                    values,
                    FormErrors.of(List.of(new FieldProblem("name", exists.getMessage()))),
                    "",
                    List.of(),
                    "form",
                    model);
        }
    }

    @PostMapping("/experiments/new/manifest")
    String createFromManifest(Workspace ws, @RequestParam(defaultValue = "") String manifest, Model model) {
        try {
            ExperimentDetail created =
                    experiments.create(ws.scope(), manifests.read(manifest, ExperimentManifest.class));
            return "redirect:/runs/" + created.status().runId();
        } catch (InvalidInputException invalid) {
            return manifestProblems(ws, manifest, manifests.locate(manifest, invalid.fieldProblems()), model);
        } catch (ConflictException exists) {
            return manifestProblems(
                    ws,
                    manifest,
                    manifests.locate(manifest, List.of(new FieldProblem("metadata.name", exists.getMessage()))),
                    model);
        }
    }

    private String manifestProblems(Workspace ws, String manifest, List<Manifests.Problem> problems, Model model) {
        FaultDefinition fault = catalog.find(DEFAULT_FAULT).orElseThrow();
        return form(
                ws,
                ExperimentForm.blank(fault.name()),
                defaults(fault),
                FormErrors.NONE,
                manifest,
                problems,
                "manifest",
                model);
    }

    private String form(
            Workspace ws,
            ExperimentForm form,
            Map<String, String> values,
            FormErrors errors,
            String manifest,
            List<Manifests.Problem> manifestProblems,
            String tab,
            Model model) {
        List<InfrastructureView> targets = infrastructures
                .list(ws.scope(), new Paging(0, PageParams.MAX_PAGE_SIZE))
                .items();
        model.addAttribute("form", form);
        model.addAttribute("faultGroups", groups());
        Map<String, Map<String, String>> refusals = new LinkedHashMap<>();
        targets.forEach(infra -> refusals.put(infra.identifier(), refusals(infra)));
        model.addAttribute(
                "refusalsJson",
                refusals.entrySet().stream()
                        .collect(Collectors.toMap(
                                Map.Entry::getKey, entry -> json.writeValueAsString(entry.getValue()))));
        String chosenInfra = targets.stream()
                .map(InfrastructureView::identifier)
                .filter(identifier -> identifier.equals(form.infrastructure()))
                .findFirst()
                .orElse(targets.isEmpty() ? "" : targets.getFirst().identifier());
        model.addAttribute("refusals", refusals.getOrDefault(chosenInfra, Map.of()));
        model.addAttribute("targetKinds", TARGET_KINDS);
        model.addAttribute(
                "fault",
                catalog.find(form.fault())
                        .orElseGet(() -> catalog.find(DEFAULT_FAULT).orElseThrow()));
        model.addAttribute("values", values);
        model.addAttribute("errors", errors);
        model.addAttribute("infrastructures", targets);
        model.addAttribute(
                "manifest",
                manifest.isEmpty()
                        ? example(targets.stream()
                                .filter(infra -> infra.type() == InfrastructureType.Linux)
                                .toList())
                        : manifest);
        model.addAttribute("manifestProblems", manifestProblems);
        model.addAttribute("tab", tab);
        return "experiments/new";
    }

    private String refusalOn(Workspace ws, String infrastructure, FaultDefinition fault) {
        return infrastructures.list(ws.scope(), new Paging(0, PageParams.MAX_PAGE_SIZE)).items().stream()
                .filter(infra -> infra.identifier().equals(infrastructure))
                .findFirst()
                .map(infra -> refusals(infra).get(fault.name()))
                .orElse(null);
    }

    /** The catalogue by platform, then category, in the catalogue's order. */
    private List<FaultGroup> groups() {
        Map<String, List<FaultDefinition>> byGroup = new LinkedHashMap<>();
        catalog.faults().stream()
                .sorted(Comparator.comparing(FaultDefinition::platform))
                .forEach(fault -> byGroup.computeIfAbsent(
                                (fault.platform() == Platform.LINUX ? "Linux host" : "Kubernetes") + " · "
                                        + fault.category(),
                                label -> new ArrayList<>())
                        .add(fault));
        return byGroup.entrySet().stream()
                .map(entry -> new FaultGroup(entry.getKey(), entry.getValue()))
                .toList();
    }

    /**
     * Why each fault cannot run on an infrastructure, as its agent reported its capabilities at confirm; the API
     * refuses such a run the same way (409).
     */
    private Map<String, String> refusals(InfrastructureView infra) {
        Map<String, String> reasons = new LinkedHashMap<>();
        if (infra.capabilities() != null) {
            catalog.faults()
                    .forEach(fault ->
                            infra.capabilities().refusal(fault).ifPresent(reason -> reasons.put(fault.name(), reason)));
        }
        return reasons;
    }

    /** The manifest the form stands for, as a tree the API's reader takes like a posted body. */
    private static Map<String, Object> manifestOf(
            ExperimentForm form, FaultDefinition fault, Map<String, String> values) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        values.forEach((name, value) -> {
            if (value != null && !value.isBlank()) {
                parameters.put(name, value.trim());
            }
        });
        Map<String, Object> spec = new LinkedHashMap<>();
        String infrastructure = form.infrastructure() == null ? "" : form.infrastructure();
        if (fault != null && fault.platform() == Platform.KUBERNETES) {
            spec.put(
                    "target",
                    Map.of(
                            "kind",
                            form.targetKind() == null ? "" : form.targetKind(),
                            "namespace",
                            InfrastructurePages.blankToNull(form.targetNamespace()) == null
                                    ? "default"
                                    : form.targetNamespace().trim(),
                            "labelSelector",
                            Map.of("matchLabels", labels(form.targetLabels())),
                            "infrastructure",
                            infrastructure));
        } else {
            spec.put("target", Map.of("kind", "Linux", "infrastructure", infrastructure));
        }
        spec.put("action", Map.of("type", form.fault() == null ? "" : form.fault(), "parameters", parameters));
        String probeUrl = InfrastructurePages.blankToNull(form.probeUrl());
        if (probeUrl != null) {
            String status = InfrastructurePages.blankToNull(form.probeStatus());
            spec.put(
                    "probes",
                    List.of(Map.of(
                            "name",
                            "http-check",
                            "type",
                            "httpProbe",
                            "mode",
                            "Continuous",
                            "httpProbe/inputs",
                            Map.of(
                                    "url",
                                    probeUrl,
                                    "responseTimeout",
                                    2000,
                                    "method",
                                    Map.of(
                                            "get",
                                            Map.of("criteria", "==", "responseCode", status == null ? "200" : status))),
                            "runProperties",
                            Map.of("probeTimeout", "3s", "interval", "2s", "attempt", 1))));
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", form.name() == null ? "" : form.name().trim());
        metadata.put(
                "namespace",
                InfrastructurePages.blankToNull(form.namespace()) == null
                        ? "default"
                        : form.namespace().trim());
        return Map.of(
                "apiVersion",
                ExperimentManifest.API_VERSION,
                "kind",
                ExperimentManifest.KIND,
                "metadata",
                metadata,
                "spec",
                spec);
    }

    /** {@code app=web, tier=front} as a label map; a pair without {@code =} is refused at the field. */
    private static Map<String, String> labels(String text) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return labels;
        }
        for (String pair : text.split(",")) {
            int equals = pair.indexOf('=');
            if (equals <= 0) {
                throw new InvalidInputException(List.of(new FieldProblem(
                        "spec.target.labelSelector",
                        "write labels as key=value pairs separated by commas, as app=web,tier=front")));
            }
            labels.put(
                    pair.substring(0, equals).trim(), pair.substring(equals + 1).trim());
        }
        return labels;
    }

    /** Where on the form the API's field of a problem is. */
    private static String formField(String field) {
        if (field.equals("metadata.name") || field.equals("metadata.namespace")) {
            return field.substring("metadata.".length());
        }
        if (field.startsWith("spec.target.kind")) {
            return "targetKind";
        }
        if (field.startsWith("spec.target.namespace")) {
            return "targetNamespace";
        }
        if (field.startsWith("spec.target.labelSelector")) {
            return "targetLabels";
        }
        if (field.startsWith("spec.target")) {
            return "infrastructure";
        }
        if (field.equals("spec.action.type") || field.equals("spec.action")) {
            return "fault";
        }
        if (field.startsWith("spec.action.parameters.")) {
            return INPUT + field.substring("spec.action.parameters.".length());
        }
        if (field.equals("spec.duration")) {
            return INPUT + "Duration";
        }
        if (field.startsWith("spec.probes")) {
            return "probeUrl";
        }
        return null;
    }

    private static Map<String, String> defaults(FaultDefinition fault) {
        Map<String, String> values = new LinkedHashMap<>();
        fault.inputs()
                .forEach(input -> values.put(
                        input.name(),
                        input.name().equalsIgnoreCase("Duration") && input.defaultValue() == null
                                ? "30s"
                                : input.defaultValue() == null ? "" : input.defaultValue()));
        return values;
    }

    private static String example(List<InfrastructureView> linux) {
        String target = linux.isEmpty() ? "my-host" : linux.getFirst().identifier();
        return """
                apiVersion: chaos.chaosplane.io/v1alpha1
                kind: ChaosExperiment
                metadata:
                  name: cpu-hog
                  namespace: default
                spec:
                  target:
                    kind: Linux
                    infrastructure: %s
                  action:
                    type: linux-cpu-stress
                    parameters:
                      Load: "80"
                      Workers: "1"
                  duration: 30s
                """.formatted(target);
    }
}
