package io.chaosplane.agent.k8s.target;

import io.chaosplane.protocol.catalog.FaultInputs;
import io.chaosplane.protocol.k8s.Targets;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Turns a task's {@code targets.selectors.workloads} and its narrowing tunables into pods and nodes: workloads by
 * kind, namespace, names and labels; their running pods; then {@code TARGET_PODS}, {@code NODE_LABEL} and the
 * affected percentage. In a namespaced install only the runner's own namespace may be targeted.
 */
public final class TargetResolver {

    private final KubernetesClient client;
    private final Scope scope;
    private final RandomGenerator random;

    /** What this runner may touch: any namespace, or (namespaced install) its own only, and no nodes. */
    public record Scope(String ownNamespace, boolean namespaced) {}

    public TargetResolver(KubernetesClient client, Scope scope, RandomGenerator random) {
        this.client = client;
        this.scope = scope;
        this.random = random;
    }

    /** Every running pod the targets and TARGET_PODS / NODE_LABEL name, before the percentage. */
    public List<Pod> candidatePods(Targets targets, FaultInputs inputs) throws TargetException {
        Map<String, Pod> pods = new LinkedHashMap<>();
        for (Targets.Workload workload : targets.workloads()) {
            for (Pod pod : podsOf(workload)) {
                pods.putIfAbsent(
                        pod.getMetadata().getNamespace() + "/"
                                + pod.getMetadata().getName(),
                        pod);
            }
        }
        List<Pod> running = new ArrayList<>(pods.values().stream()
                .filter(pod -> "Running"
                        .equals(pod.getStatus() == null ? null : pod.getStatus().getPhase()))
                .filter(pod -> pod.getMetadata().getDeletionTimestamp() == null)
                .toList());
        List<String> named = inputs.list("TARGET_PODS", String.class);
        if (!named.isEmpty()) {
            running.removeIf(pod -> !named.contains(pod.getMetadata().getName()));
        }
        Optional<String> nodeLabel = inputs.optionalString("NODE_LABEL");
        if (nodeLabel.isPresent()) {
            Set<String> nodes = nodesWithLabel(nodeLabel.get());
            running.removeIf(pod -> !nodes.contains(pod.getSpec().getNodeName()));
        }
        return running;
    }

    /**
     * The pods one round of a fault hits: all that TARGET_PODS names, else PODS_AFFECTED_PERC of the candidates
     * (at least one), chosen at random.
     */
    public List<Pod> choosePods(Targets targets, FaultInputs inputs) throws TargetException {
        List<Pod> candidates = new ArrayList<>(candidatePods(targets, inputs));
        if (candidates.isEmpty()) {
            throw new TargetException("no running pod matches the targets " + describe(targets)
                    + inputs.optionalString("NODE_LABEL")
                            .map(label -> " on nodes labelled " + label)
                            .orElse(""));
        }
        if (!inputs.list("TARGET_PODS", String.class).isEmpty()) {
            return candidates;
        }
        double percent = affectedPercentage(inputs);
        int count = Math.max(1, (int) Math.round(candidates.size() * percent / 100.0));
        Collections.shuffle(candidates, random);
        return List.copyOf(candidates.subList(0, Math.min(count, candidates.size())));
    }

    /** The target container of a pod: TARGET_CONTAINER, else its first container. */
    public static String container(Pod pod, FaultInputs inputs) throws TargetException {
        Optional<String> wanted = inputs.optionalString("TARGET_CONTAINER");
        List<String> containers =
                pod.getSpec().getContainers().stream().map(c -> c.getName()).toList();
        if (wanted.isPresent() && !containers.contains(wanted.get())) {
            throw new TargetException("pod " + pod.getMetadata().getName() + " has no container " + wanted.get()
                    + "; it has " + containers);
        }
        return wanted.orElse(containers.getFirst());
    }

    /** Deployments and statefulsets the targets name, for scaling. */
    public List<HasMetadata> scalableWorkloads(Targets targets) throws TargetException {
        List<HasMetadata> found = new ArrayList<>();
        for (Targets.Workload workload : targets.workloads()) {
            String kind = kind(workload);
            if (!kind.equals("deployment") && !kind.equals("statefulset")) {
                throw new TargetException("pod-autoscaler scales deployments and statefulsets, not " + workload.kind());
            }
            found.addAll(workloads(workload));
        }
        if (found.isEmpty()) {
            throw new TargetException("no deployment or statefulset matches the targets " + describe(targets));
        }
        return found;
    }

    /** Nodes for a node fault: TARGET_NODES, NODE_LABEL, node workloads, else the nodes of the target pods. */
    public List<String> nodes(Targets targets, FaultInputs inputs) throws TargetException {
        if (scope.namespaced()) {
            throw new TargetException("this runner is installed namespaced, without rights on nodes");
        }
        Set<String> nodes = new LinkedHashSet<>(inputs.list("TARGET_NODES", String.class));
        inputs.optionalString("NODE_LABEL").ifPresent(label -> nodes.addAll(nodesWithLabelUnchecked(label)));
        List<Targets.Workload> podWorkloads = new ArrayList<>();
        for (Targets.Workload workload : targets.workloads()) {
            if (kind(workload).equals("node")) {
                if (blank(workload.names()) && blank(workload.labels())) {
                    throw new TargetException("a node target needs names or labels");
                }
                items(workload.names()).forEach(nodes::add);
                if (!blank(workload.labels())) {
                    client.nodes()
                            .withLabels(labels(workload.labels()))
                            .list()
                            .getItems()
                            .forEach(node -> nodes.add(node.getMetadata().getName()));
                }
            } else {
                podWorkloads.add(workload);
            }
        }
        if (nodes.isEmpty() && !podWorkloads.isEmpty()) {
            for (Targets.Workload workload : podWorkloads) {
                podsOf(workload)
                        .forEach(pod ->
                                Optional.ofNullable(pod.getSpec().getNodeName()).ifPresent(nodes::add));
            }
        }
        for (String node : nodes) {
            if (client.nodes().withName(node).get() == null) {
                throw new TargetException("node " + node + " does not exist");
            }
        }
        if (nodes.isEmpty()) {
            throw new TargetException("no node matches: give TARGET_NODES, NODE_LABEL or node targets");
        }
        return List.copyOf(nodes);
    }

    /**
     * The nodes of LitmusChaos' node faults: every node TARGET_NODES (or TARGET_NODE) names, else NODES_AFFECTED_PERC
     * of those {@link #nodes} finds (at least one), chosen at random.
     */
    public List<String> chooseNodes(Targets targets, FaultInputs inputs) throws TargetException {
        if (scope.namespaced()) {
            throw new TargetException("this runner is installed namespaced, without rights on nodes");
        }
        Set<String> named = new LinkedHashSet<>(inputs.list("TARGET_NODES", String.class));
        inputs.optionalString("TARGET_NODE").ifPresent(named::add);
        if (!named.isEmpty()) {
            for (String node : named) {
                if (client.nodes().withName(node).get() == null) {
                    throw new TargetException("node " + node + " does not exist");
                }
            }
            return List.copyOf(named);
        }
        List<String> candidates = new ArrayList<>(nodes(targets, inputs));
        double percent = inputs.has("NODES_AFFECTED_PERC") ? inputs.percentage("NODES_AFFECTED_PERC") : 0;
        int count = Math.max(1, (int) Math.round(candidates.size() * percent / 100.0));
        Collections.shuffle(candidates, random);
        return List.copyOf(candidates.subList(0, Math.min(count, candidates.size())));
    }

    private List<Pod> podsOf(Targets.Workload workload) throws TargetException {
        String kind = kind(workload);
        String namespace = namespace(workload);
        if (kind.equals("pod")) {
            if (!blank(workload.names())) {
                List<Pod> pods = new ArrayList<>();
                for (String name : items(workload.names())) {
                    Optional.ofNullable(client.pods()
                                    .inNamespace(namespace)
                                    .withName(name)
                                    .get())
                            .ifPresent(pods::add);
                }
                return pods;
            }
            return blank(workload.labels())
                    ? client.pods().inNamespace(namespace).list().getItems()
                    : client.pods()
                            .inNamespace(namespace)
                            .withLabels(labels(workload.labels()))
                            .list()
                            .getItems();
        }
        if (kind.equals("node")) {
            return List.of();
        }
        List<Pod> pods = new ArrayList<>();
        for (HasMetadata owner : workloads(workload)) {
            Map<String, String> selector = selectorOf(owner);
            if (selector.isEmpty()) {
                continue;
            }
            pods.addAll(client.pods()
                    .inNamespace(namespace)
                    .withLabels(selector)
                    .list()
                    .getItems());
        }
        return pods;
    }

    private List<HasMetadata> workloads(Targets.Workload workload) throws TargetException {
        String namespace = namespace(workload);
        var operation = switch (kind(workload)) {
            case "deployment" -> client.apps().deployments().inNamespace(namespace);
            case "statefulset" -> client.apps().statefulSets().inNamespace(namespace);
            case "daemonset" -> client.apps().daemonSets().inNamespace(namespace);
            case "replicaset" -> client.apps().replicaSets().inNamespace(namespace);
            default -> throw new TargetException("unknown workload kind '" + workload.kind() + "'");
        };
        List<HasMetadata> found = new ArrayList<>();
        if (!blank(workload.names())) {
            for (String name : items(workload.names())) {
                HasMetadata item = (HasMetadata) operation.withName(name).get();
                if (item == null) {
                    throw new TargetException(workload.kind() + " " + namespace + "/" + name + " does not exist");
                }
                found.add(item);
            }
            return found;
        }
        var list = blank(workload.labels())
                ? operation.list()
                : operation.withLabels(labels(workload.labels())).list();
        list.getItems().forEach(item -> found.add((HasMetadata) item));
        return found;
    }

    private static Map<String, String> selectorOf(HasMetadata owner) {
        LabelSelector selector = switch (owner) {
            case io.fabric8.kubernetes.api.model.apps.Deployment d ->
                d.getSpec().getSelector();
            case io.fabric8.kubernetes.api.model.apps.StatefulSet s ->
                s.getSpec().getSelector();
            case io.fabric8.kubernetes.api.model.apps.DaemonSet d -> d.getSpec().getSelector();
            case io.fabric8.kubernetes.api.model.apps.ReplicaSet r ->
                r.getSpec().getSelector();
            default -> null;
        };
        return selector == null || selector.getMatchLabels() == null ? Map.of() : selector.getMatchLabels();
    }

    private String namespace(Targets.Workload workload) throws TargetException {
        String namespace = blank(workload.namespace()) ? "default" : workload.namespace();
        if (scope.namespaced() && !namespace.equals(scope.ownNamespace())) {
            throw new TargetException("this runner is installed namespaced: it may target " + scope.ownNamespace()
                    + " only, not " + namespace);
        }
        return namespace;
    }

    private Set<String> nodesWithLabel(String label) throws TargetException {
        if (scope.namespaced()) {
            throw new TargetException("NODE_LABEL needs rights on nodes, which a namespaced install lacks");
        }
        return nodesWithLabelUnchecked(label);
    }

    private Set<String> nodesWithLabelUnchecked(String label) {
        Set<String> names = new LinkedHashSet<>();
        for (Node node : client.nodes().withLabels(labels(label)).list().getItems()) {
            names.add(node.getMetadata().getName());
        }
        return names;
    }

    static double affectedPercentage(FaultInputs inputs) {
        if (inputs.has("PODS_AFFECTED_PERC") && inputs.percentage("PODS_AFFECTED_PERC") > 0) {
            return inputs.percentage("PODS_AFFECTED_PERC");
        }
        return inputs.has("POD_AFFECTED_PERCENTAGE") ? inputs.percentage("POD_AFFECTED_PERCENTAGE") : 0;
    }

    static Map<String, String> labels(String text) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (String pair : items(text)) {
            int equals = pair.indexOf('=');
            labels.put(
                    equals < 0 ? pair : pair.substring(0, equals).strip(),
                    equals < 0 ? "" : pair.substring(equals + 1).strip());
        }
        return labels;
    }

    private static List<String> items(String text) {
        return text == null
                ? List.of()
                : Arrays.stream(text.split(","))
                        .map(String::strip)
                        .filter(item -> !item.isEmpty())
                        .toList();
    }

    private static String kind(Targets.Workload workload) {
        return workload.kind() == null ? "" : workload.kind().toLowerCase(Locale.ROOT);
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }

    private static String describe(Targets targets) {
        return targets.workloads().stream()
                .map(w -> w.kind() + " " + (blank(w.namespace()) ? "default" : w.namespace())
                        + (blank(w.names()) ? "" : "/" + w.names())
                        + (blank(w.labels()) ? "" : " [" + w.labels() + "]"))
                .toList()
                .toString();
    }
}
