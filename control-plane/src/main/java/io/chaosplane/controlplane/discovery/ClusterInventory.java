package io.chaosplane.controlplane.discovery;

import io.chaosplane.service.web.FieldProblem;
import io.chaosplane.service.web.InvalidInputException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * What a cluster snapshot holds that the topology needs, read from Kubernetes objects as the API serves them
 * ({@code metadata.uid}, {@code spec.clusterIP}) or in seed 001's Go-field form ({@code objectmeta.uid},
 * {@code spec.clusterip}): field names are matched without regard to case, and {@code objectmeta} stands for
 * {@code metadata}. Stored as this (not as sent), which is all a rebuild reads.
 */
record ClusterInventory(
        List<String> namespaces,
        List<String> nodes,
        List<ServiceObject> services,
        List<PodObject> pods,
        List<WorkloadObject> workloads) {

    /** The snapshot's lists, in seed 001's order; each but the first two holds Kubernetes objects. */
    static final List<String> LISTS = List.of(
            "namespaceList",
            "nodeList",
            "serviceList",
            "podList",
            "replicaSetList",
            "replicationControllerList",
            "deploymentList",
            "statefulSetList",
            "daemonSetList",
            "jobList",
            "cronJobList");

    static final Map<String, String> WORKLOAD_KINDS = Map.of(
            "replicaSetList", "ReplicaSet",
            "replicationControllerList", "ReplicationController",
            "deploymentList", "Deployment",
            "statefulSetList", "StatefulSet",
            "daemonSetList", "DaemonSet",
            "jobList", "Job",
            "cronJobList", "CronJob");

    record Owner(String kind, String name, String uid) {}

    record ServiceObject(
            String uid,
            String name,
            String namespace,
            Map<String, String> labels,
            Map<String, String> selector,
            List<String> clusterIPs,
            List<Integer> ports) {}

    record PodObject(
            String uid,
            String name,
            String namespace,
            Map<String, String> labels,
            String ip,
            String node,
            boolean ready,
            List<Owner> owners) {}

    record WorkloadObject(
            String uid,
            String kind,
            String name,
            String namespace,
            Map<String, String> labels,
            Integer replicas,
            List<Owner> owners) {}

    static ClusterInventory empty() {
        return new ClusterInventory(List.of(), List.of(), List.of(), List.of(), List.of());
    }

    /** This inventory and another's lists, one after the other (batches of one snapshot, or several agents). */
    ClusterInventory plus(ClusterInventory other) {
        return new ClusterInventory(
                concat(namespaces, other.namespaces),
                concat(nodes, other.nodes),
                concat(services, other.services),
                concat(pods, other.pods),
                concat(workloads, other.workloads));
    }

    int objects() {
        return namespaces.size() + nodes.size() + services.size() + pods.size() + workloads.size();
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** Reads a snapshot body, or names every field that is not what it must be. */
    static ClusterInventory read(JsonNode body) {
        List<FieldProblem> problems = new ArrayList<>();
        List<String> namespaces = new ArrayList<>();
        List<String> nodes = new ArrayList<>();
        List<ServiceObject> services = new ArrayList<>();
        List<PodObject> pods = new ArrayList<>();
        List<WorkloadObject> workloads = new ArrayList<>();
        for (String list : LISTS) {
            JsonNode items = body.get(list);
            if (items == null || items.isNull()) {
                continue;
            }
            if (!items.isArray()) {
                problems.add(new FieldProblem(list, "must be an array of Kubernetes objects"));
                continue;
            }
            for (int i = 0; i < items.size(); i++) {
                String at = list + "[" + i + "]";
                JsonNode item = items.get(i);
                JsonNode meta = field(item, "metadata", "objectmeta");
                if (!item.isObject() || meta == null || !meta.isObject()) {
                    problems.add(new FieldProblem(
                            at + ".metadata", "is required: the object's metadata (or objectmeta, Go-field form)"));
                    continue;
                }
                String name = text(meta, "name");
                String uid = text(meta, "uid");
                if (name == null || name.isBlank()) {
                    problems.add(new FieldProblem(at + ".metadata.name", "is required"));
                    continue;
                }
                String namespace = nonNull(text(meta, "namespace"));
                Map<String, String> labels = strings(field(meta, "labels"));
                JsonNode spec = field(item, "spec");
                JsonNode status = field(item, "status");
                switch (list) {
                    case "namespaceList" -> namespaces.add(name);
                    case "nodeList" -> nodes.add(name);
                    case "serviceList" ->
                        services.add(new ServiceObject(
                                nonNull(uid),
                                name,
                                namespace,
                                labels,
                                strings(field(spec, "selector")),
                                clusterIPs(spec),
                                ports(spec)));
                    case "podList" ->
                        pods.add(new PodObject(
                                nonNull(uid),
                                name,
                                namespace,
                                labels,
                                text(status, "podIP"),
                                text(spec, "nodeName"),
                                ready(status),
                                owners(meta)));
                    default ->
                        workloads.add(new WorkloadObject(
                                nonNull(uid),
                                WORKLOAD_KINDS.get(list),
                                name,
                                namespace,
                                labels,
                                integer(field(spec, "replicas")),
                                owners(meta)));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return new ClusterInventory(namespaces, nodes, services, pods, workloads);
    }

    /** The member of any of these names, case aside (the API's camelCase and the Go form's lower case). */
    static JsonNode field(JsonNode node, String... names) {
        if (node == null || !node.isObject()) {
            return null;
        }
        for (String name : names) {
            JsonNode exact = node.get(name);
            if (exact != null) {
                return exact;
            }
        }
        for (Map.Entry<String, JsonNode> member : node.properties()) {
            for (String name : names) {
                if (member.getKey().equalsIgnoreCase(name)) {
                    return member.getValue();
                }
            }
        }
        return null;
    }

    static String text(JsonNode node, String name) {
        JsonNode value = field(node, name);
        return value == null || value.isNull() || value.isContainer() ? null : value.asString();
    }

    private static String nonNull(String value) {
        return value == null ? "" : value;
    }

    private static Integer integer(JsonNode value) {
        return value != null && value.isNumber() ? value.asInt() : null;
    }

    private static Map<String, String> strings(JsonNode node) {
        Map<String, String> values = new LinkedHashMap<>();
        JsonNode map = node;
        // a workload's LabelSelector: its matchLabels
        JsonNode matchLabels = field(node, "matchLabels");
        if (matchLabels != null && matchLabels.isObject()) {
            map = matchLabels;
        }
        if (map != null && map.isObject()) {
            for (Map.Entry<String, JsonNode> entry : map.properties()) {
                if (entry.getValue().isValueNode() && !entry.getValue().isNull()) {
                    values.put(entry.getKey(), entry.getValue().asString());
                }
            }
        }
        return values;
    }

    private static List<String> clusterIPs(JsonNode spec) {
        List<String> ips = new ArrayList<>();
        String single = text(spec, "clusterIP");
        if (single != null && !single.isBlank() && !"None".equalsIgnoreCase(single)) {
            ips.add(single);
        }
        JsonNode many = field(spec, "clusterIPs");
        if (many != null && many.isArray()) {
            for (JsonNode ip : many) {
                if (ip.isString() && !ips.contains(ip.asString()) && !"None".equalsIgnoreCase(ip.asString())) {
                    ips.add(ip.asString());
                }
            }
        }
        return ips;
    }

    private static List<Integer> ports(JsonNode spec) {
        List<Integer> ports = new ArrayList<>();
        JsonNode list = field(spec, "ports");
        if (list != null && list.isArray()) {
            for (JsonNode port : list) {
                Integer number = integer(field(port, "port"));
                if (number != null) {
                    ports.add(number);
                }
            }
        }
        return ports;
    }

    /** Running, and Ready when the pod says (a pod without conditions counts as ready while running). */
    private static boolean ready(JsonNode status) {
        String phase = text(status, "phase");
        if (phase == null || !phase.toLowerCase(Locale.ROOT).equals("running")) {
            return false;
        }
        JsonNode conditions = field(status, "conditions");
        if (conditions != null && conditions.isArray()) {
            for (JsonNode condition : conditions) {
                if ("Ready".equalsIgnoreCase(text(condition, "type"))) {
                    return "True".equalsIgnoreCase(text(condition, "status"));
                }
            }
        }
        return true;
    }

    private static List<Owner> owners(JsonNode meta) {
        List<Owner> owners = new ArrayList<>();
        JsonNode references = field(meta, "ownerReferences");
        if (references != null && references.isArray()) {
            for (JsonNode reference : references) {
                String kind = text(reference, "kind");
                String name = text(reference, "name");
                if (kind != null && name != null) {
                    owners.add(new Owner(kind, name, nonNull(text(reference, "uid"))));
                }
            }
        }
        return owners;
    }
}
