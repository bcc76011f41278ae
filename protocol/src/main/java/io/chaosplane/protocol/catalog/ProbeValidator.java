package io.chaosplane.protocol.catalog;

import io.chaosplane.protocol.probe.CmdProbeInputs;
import io.chaosplane.protocol.probe.Comparator;
import io.chaosplane.protocol.probe.ComparatorType;
import io.chaosplane.protocol.probe.Comparison;
import io.chaosplane.protocol.probe.HttpCheck;
import io.chaosplane.protocol.probe.HttpProbeInputs;
import io.chaosplane.protocol.probe.K8sProbeInputs;
import io.chaosplane.protocol.probe.Probe;
import io.chaosplane.protocol.probe.ProbeMode;
import io.chaosplane.protocol.probe.ProbeType;
import io.chaosplane.protocol.probe.RunProperties;
import io.chaosplane.protocol.units.GoDuration;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Validates the probes of a task: type, mode, inputs of the type, comparators and run properties. */
public final class ProbeValidator {

    private final List<FieldError> errors = new ArrayList<>();

    private ProbeValidator() {}

    /**
     * The field errors of a task's probes; empty when valid.
     *
     * @param platform the platform of the fault the probes check, or {@code null} when unknown; a Linux agent runs
     *     commands on its own host, so a command probe with a container {@code source} is refused there
     */
    public static List<FieldError> validate(List<Probe> probes, Platform platform) {
        ProbeValidator validator = new ProbeValidator();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < probes.size(); i++) {
            Probe probe = probes.get(i);
            String path = "probes[" + i + "]";
            if (probe == null) {
                validator.error(path, "is empty");
                continue;
            }
            if (probe.name() == null || probe.name().isBlank()) {
                validator.error(path + ".name", "is required");
            } else if (!names.add(probe.name())) {
                validator.error(path + ".name", "'" + probe.name() + "' is used by another probe of this fault");
            }
            validator.probe(path, probe, platform);
        }
        return List.copyOf(validator.errors);
    }

    private void probe(String path, Probe probe, Platform platform) {
        if (ProbeMode.parse(probe.mode()).isEmpty()) {
            error(
                    path + ".mode",
                    "'" + probe.mode() + "' is not one of "
                            + Arrays.stream(ProbeMode.values())
                                    .map(ProbeMode::wire)
                                    .toList());
        }
        runProperties(path + ".runProperties", probe.runProperties());
        ProbeType type = ProbeType.parse(probe.type()).orElse(null);
        if (type == null) {
            error(
                    path + ".type",
                    "'" + probe.type() + "' is not one of "
                            + Arrays.stream(ProbeType.values())
                                    .map(ProbeType::wire)
                                    .toList());
            return;
        }
        switch (type) {
            case CMD -> cmdProbe(path + ".cmdProbe/inputs", probe.cmdProbeInputs(), platform);
            case HTTP -> httpProbe(path + ".httpProbe/inputs", probe.httpProbeInputs());
            case K8S -> k8sProbe(path + ".k8sProbe/inputs", probe.k8sProbeInputs(), platform);
        }
    }

    private void k8sProbe(String path, K8sProbeInputs inputs, Platform platform) {
        if (platform == Platform.LINUX) {
            error(path, "checks Kubernetes resources and needs a Kubernetes infrastructure");
            return;
        }
        if (inputs == null) {
            error(path, "is required for a k8sProbe");
            return;
        }
        if (inputs.version() == null || inputs.version().isBlank()) {
            error(path + ".version", "is required, such as v1");
        }
        if (inputs.resource() == null || !inputs.resource().matches("[a-z0-9.-]+")) {
            error(path + ".resource", "is required: the resource's plural name, such as pods or deployments");
        }
        if (!K8sProbeInputs.OPERATIONS.contains(inputs.operation())) {
            error(path + ".operation", "'" + inputs.operation() + "' is not one of " + K8sProbeInputs.OPERATIONS);
        } else if (inputs.operation().equals("create")
                && (inputs.data() == null || inputs.data().isBlank())) {
            error(path + ".data", "is required for create: the manifest of the resource to create");
        }
    }

    private void cmdProbe(String path, CmdProbeInputs inputs, Platform platform) {
        if (inputs == null) {
            error(path, "is required for a cmdProbe");
            return;
        }
        if (inputs.command() == null || inputs.command().isBlank()) {
            error(path + ".command", "is required");
        }
        if (inputs.source() != null && platform == Platform.LINUX) {
            error(
                    path + ".source",
                    "runs the command in a container and needs a Kubernetes infrastructure; "
                            + "on Linux leave it out and the command runs on the agent's host");
        }
        if (inputs.comparator() == null) {
            error(path + ".comparator", "is required");
        } else {
            comparator(path + ".comparator", inputs.comparator());
        }
    }

    private void comparator(String path, Comparator comparator) {
        ComparatorType type = ComparatorType.parse(comparator.type()).orElse(null);
        if (type == null) {
            error(
                    path + ".type",
                    "'" + comparator.type() + "' is not one of "
                            + Arrays.stream(ComparatorType.values())
                                    .map(ComparatorType::wire)
                                    .toList());
        } else if (!type.criteria().contains(comparator.criteria())) {
            error(
                    path + ".criteria",
                    "'" + comparator.criteria() + "' is not one of " + type.criteria() + " for type " + type.wire());
        } else {
            comparison(path + ".value", comparator);
        }
    }

    private void httpProbe(String path, HttpProbeInputs inputs) {
        if (inputs == null) {
            error(path, "is required for an httpProbe");
            return;
        }
        url(path + ".url", inputs.url());
        if (inputs.responseTimeout() != null && inputs.responseTimeout() <= 0) {
            error(path + ".responseTimeout", "must be a positive number of milliseconds");
        }
        if (inputs.method() == null
                || (inputs.method().get() == null) == (inputs.method().post() == null)) {
            error(path + ".method", "give exactly one of get and post");
            return;
        }
        boolean get = inputs.method().get() != null;
        httpCheck(
                path + ".method." + (get ? "get" : "post"),
                get ? inputs.method().get() : inputs.method().post());
    }

    private void httpCheck(String path, HttpCheck check) {
        if ((check.responseCode() == null) == (check.responseBody() == null)) {
            error(path, "give exactly one of responseCode and responseBody");
            return;
        }
        boolean byCode = check.responseCode() != null;
        ComparatorType type = byCode ? ComparatorType.INT : ComparatorType.STRING;
        if (!type.criteria().contains(check.criteria())) {
            error(
                    path + ".criteria",
                    "'" + check.criteria() + "' is not one of " + type.criteria() + " for a "
                            + (byCode ? "responseCode" : "responseBody"));
            return;
        }
        String expected = byCode ? check.responseCode() : check.responseBody();
        String valuePath = path + (byCode ? ".responseCode" : ".responseBody");
        if (comparison(valuePath, new Comparator(type.wire(), check.criteria(), expected)) && byCode) {
            for (String code : expected.split(",")) {
                if (!code.isBlank() && (Integer.parseInt(code.strip()) < 100 || Integer.parseInt(code.strip()) > 599)) {
                    error(valuePath, "'" + code.strip() + "' is not an HTTP status code (100-599)");
                }
            }
        }
    }

    private void runProperties(String path, RunProperties properties) {
        if (properties == null) {
            return;
        }
        positiveDuration(path + ".probeTimeout", properties.probeTimeout(), false);
        positiveDuration(path + ".interval", properties.interval(), false);
        positiveDuration(path + ".initialDelay", properties.initialDelay(), true);
        if (properties.attempt() != null && properties.attempt() < 1) {
            error(path + ".attempt", "must be at least 1 (was " + properties.attempt() + ")");
        }
        if (properties.verbosity() != null && !List.of("info", "debug").contains(properties.verbosity())) {
            error(path + ".verbosity", "'" + properties.verbosity() + "' is not one of [info, debug]");
        }
    }

    private void positiveDuration(String path, String value, boolean zeroAllowed) {
        if (value == null) {
            return;
        }
        try {
            Duration duration = GoDuration.parse(value);
            if (duration.isNegative() || (duration.isZero() && !zeroAllowed)) {
                error(
                        path,
                        "must be a " + (zeroAllowed ? "non-negative" : "positive") + " duration such as 5s (was '"
                                + value + "')");
            }
        } catch (IllegalArgumentException e) {
            error(path, e.getMessage());
        }
    }

    private void url(String path, String url) {
        if (url == null || url.isBlank()) {
            error(path, "is required");
            return;
        }
        try {
            URI uri = new URI(url);
            if (!("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                    || uri.getHost() == null) {
                error(path, "'" + url + "' is not an absolute http or https URL");
            }
        } catch (URISyntaxException e) {
            error(path, "'" + url + "' is not a URL: " + e.getReason());
        }
    }

    private boolean comparison(String path, Comparator comparator) {
        try {
            Comparison.of(comparator);
            return true;
        } catch (IllegalArgumentException e) {
            error(path, e.getMessage());
            return false;
        }
    }

    private void error(String field, String message) {
        errors.add(new FieldError(field, message));
    }
}
