package io.chaosplane.agent.k8s.workflow;

import io.chaosplane.agent.config.ConfigException;
import io.chaosplane.agent.config.HostPolicy;
import io.chaosplane.agent.config.ProbeDestinations;
import io.chaosplane.protocol.catalog.FaultCatalog;
import io.chaosplane.protocol.catalog.FaultInputs;
import io.chaosplane.protocol.k8s.KubernetesWorkflow;
import io.chaosplane.protocol.k8s.Targets;
import io.chaosplane.protocol.linux.ChaosSpec;
import io.chaosplane.protocol.probe.Probe;
import io.chaosplane.protocol.units.GoDuration;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What the cluster's operator lets chaos do through this runner, whatever the control plane sends: the Kubernetes
 * counterpart of the Linux agent's host policy file, set in the chart's {@code policy} values (the runner's ConfigMap
 * gives them as {@code POLICY_*} variables). Every key is optional and each one set narrows:
 *
 * <pre>
 * policy.faults             POLICY_FAULTS             fault names, * a wildcard: pod-delete, pod-network-*
 * policy.namespaces         POLICY_NAMESPACES         namespaces a target workload must be in (globs)
 * policy.labels             POLICY_LABELS             label selector terms (key=value, globs) every target must be
 *                                                     selected by; a target without labels is refused then
 * policy.maxDuration        POLICY_MAX_DURATION       the longest chaos, such as 10m
 * policy.probeDestinations  POLICY_PROBE_DESTINATIONS httpProbe destinations: names, *.domain, addresses, CIDRs
 * policy.probeRedirects     POLICY_PROBE_REDIRECTS    true (default; each hop checked) or false
 * </pre>
 *
 * httpProbes never reach link-local addresses or cloud metadata services unless a destination entry inside such a
 * range opens one, as on the Linux agent ({@link ProbeDestinations}).
 */
public record RunnerPolicy(
        Optional<List<String>> faults,
        Optional<List<String>> namespaces,
        Optional<List<String>> labels,
        Optional<Duration> maxDuration,
        HostPolicy probes) {

    static final String PREFIX = "task refused by the runner's policy (chart values policy.*): ";

    /** Reads the {@code POLICY_*} variables; a malformed one is a {@link ConfigException} naming it. */
    public static RunnerPolicy from(Map<String, String> environment) {
        Optional<Duration> maxDuration;
        try {
            maxDuration = value(environment, "POLICY_MAX_DURATION").map(GoDuration::parse);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("POLICY_MAX_DURATION (chart value policy.maxDuration): " + e.getMessage(), e);
        }
        String redirects = value(environment, "POLICY_PROBE_REDIRECTS").orElse("true");
        if (!redirects.equalsIgnoreCase("true") && !redirects.equalsIgnoreCase("false")) {
            throw new ConfigException("POLICY_PROBE_REDIRECTS (chart value policy.probeRedirects) must be true or false"
                    + " (was '" + redirects + "')");
        }
        Optional<List<String>> destinations = list(environment, "POLICY_PROBE_DESTINATIONS");
        ProbeDestinations probeDestinations;
        try {
            probeDestinations = new ProbeDestinations(destinations);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(
                    "POLICY_PROBE_DESTINATIONS (chart value policy.probeDestinations): " + e.getMessage(), e);
        }
        return new RunnerPolicy(
                list(environment, "POLICY_FAULTS"),
                list(environment, "POLICY_NAMESPACES"),
                list(environment, "POLICY_LABELS"),
                maxDuration,
                new HostPolicy(
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        probeDestinations,
                        Boolean.parseBoolean(redirects)));
    }

    /**
     * The first refusal among a whole experiment's fault tasks, or empty when the policy allows every one: the runner
     * judges the experiment before its first step, so that a run never stops half-way on a step it would refuse.
     */
    public Optional<String> refusal(KubernetesWorkflow workflow, FaultCatalog catalog) {
        if (workflow.experiment() == null || workflow.experiment().spec() == null) {
            return Optional.empty();
        }
        return workflow.experiment().spec().steps().stream()
                .flatMap(List::stream)
                .map(stepTask -> WorkflowRunner.chaosOf(workflow, stepTask.name()))
                .flatMap(Optional::stream)
                .map(chaos -> refusal(chaos, catalog))
                .flatMap(Optional::stream)
                .findFirst();
    }

    /** Why this policy refuses the fault, or empty when it allows it. */
    public Optional<String> refusal(ChaosSpec chaos, FaultCatalog catalog) {
        return refusalReason(chaos, catalog).map(reason -> PREFIX + reason);
    }

    private Optional<String> refusalReason(ChaosSpec chaos, FaultCatalog catalog) {
        for (Probe probe : chaos.probeList()) {
            if (probe.httpProbeInputs() != null && probe.httpProbeInputs().url() != null) {
                Optional<String> refused =
                        probes.destinationRefusal(probe.httpProbeInputs().url());
                if (refused.isPresent()) {
                    return Optional.of("httpProbe " + probe.name() + ": " + refused.get());
                }
            }
        }
        if (faults.isPresent() && faults.get().stream().noneMatch(glob -> matches(glob, chaos.experiment()))) {
            return Optional.of("fault " + chaos.experiment() + " is not in policy.faults " + faults.get());
        }
        Targets targets = chaos.targets();
        for (Targets.Workload workload : targets == null ? List.<Targets.Workload>of() : targets.workloads()) {
            Optional<String> refused = target(workload);
            if (refused.isPresent()) {
                return refused;
            }
        }
        if (maxDuration.isPresent()) {
            FaultInputs inputs;
            try {
                inputs = catalog.resolve(chaos.experiment(), chaos.inputs());
            } catch (RuntimeException invalid) {
                return Optional.empty(); // refused as invalid by the runner
            }
            Optional<Duration> duration = inputs.chaosDuration();
            if (duration.isPresent() && duration.get().compareTo(maxDuration.get()) > 0) {
                return Optional.of("it lasts " + GoDuration.format(duration.get()) + ", more than policy.maxDuration "
                        + GoDuration.format(maxDuration.get()));
            }
        }
        return Optional.empty();
    }

    private Optional<String> target(Targets.Workload workload) {
        boolean node = "node".equalsIgnoreCase(workload.kind());
        if (namespaces.isPresent() && !node) {
            String namespace =
                    workload.namespace() == null ? "" : workload.namespace().strip();
            if (namespaces.get().stream().noneMatch(glob -> matches(glob, namespace))) {
                return Optional.of("namespace '" + namespace + "' is not in policy.namespaces " + namespaces.get());
            }
        }
        if (labels.isPresent()) {
            List<String> terms = workload.labels() == null
                    ? List.of()
                    : Arrays.stream(workload.labels().split(","))
                            .map(String::strip)
                            .filter(term -> !term.isEmpty())
                            .toList();
            // the workload's selector must carry one of the allowed terms, so it can only narrow the allowed set
            if (terms.stream().noneMatch(term -> labels.get().stream().anyMatch(glob -> matches(glob, term)))) {
                return Optional.of(workload.kind() + " target selected by '"
                        + (workload.labels() == null ? "" : workload.labels())
                        + "' carries none of the label terms in policy.labels " + labels.get());
            }
        }
        return Optional.empty();
    }

    static boolean matches(String glob, String value) {
        String regex = Arrays.stream(glob.split("\\*", -1))
                .map(Pattern::quote)
                .reduce((a, b) -> a + ".*" + b)
                .orElse("");
        return Pattern.matches(regex, value);
    }

    private static Optional<String> value(Map<String, String> environment, String name) {
        return Optional.ofNullable(environment.get(name)).map(String::strip).filter(value -> !value.isEmpty());
    }

    private static Optional<List<String>> list(Map<String, String> environment, String name) {
        return value(environment, name)
                .map(text -> Arrays.stream(text.split(","))
                        .map(String::strip)
                        .filter(item -> !item.isEmpty())
                        .toList());
    }
}
