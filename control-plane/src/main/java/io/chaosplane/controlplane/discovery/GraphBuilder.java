package io.chaosplane.controlplane.discovery;

import io.chaosplane.controlplane.discovery.ClusterInventory.Owner;
import io.chaosplane.controlplane.discovery.ClusterInventory.PodObject;
import io.chaosplane.controlplane.discovery.ClusterInventory.ServiceObject;
import io.chaosplane.controlplane.discovery.ClusterInventory.WorkloadObject;
import io.chaosplane.controlplane.discovery.NodeConnections.Connection;
import io.chaosplane.topology.Component;
import io.chaosplane.topology.Dependency;
import io.chaosplane.topology.DependencyType;
import io.chaosplane.topology.Topology;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The graph a cluster's objects and its connections make. Components: the workload behind each Service (named as
 * the Service, {@code <service>.<namespace>}), workloads no Service selects ({@code <workload>.<namespace>}), host
 * processes ({@code <process>@<node>}) and external endpoints ({@code <ip>:<port>}). An edge for each source and
 * target that connected, its weight the target's share of the source's connections; every edge hard (people
 * override that). Type from the labels, else the ports; replicas and health from the pods.
 */
final class GraphBuilder {

    /** Labels worth keeping with a component, for the features that group by them. */
    static final Set<String> KEPT_LABELS = Set.of(
            "team",
            "app",
            "app.kubernetes.io/name",
            "app.kubernetes.io/part-of",
            "app.kubernetes.io/component",
            "region",
            "topology.kubernetes.io/region",
            "topology.kubernetes.io/zone",
            "tier");

    private static final Map<Integer, String> PORT_TYPES = Map.ofEntries(
            Map.entry(5432, "database"),
            Map.entry(3306, "database"),
            Map.entry(1433, "database"),
            Map.entry(1521, "database"),
            Map.entry(27017, "database"),
            Map.entry(9042, "database"),
            Map.entry(26257, "database"),
            Map.entry(5984, "database"),
            Map.entry(9200, "database"),
            Map.entry(6379, "cache"),
            Map.entry(11211, "cache"),
            Map.entry(9092, "queue"),
            Map.entry(5672, "queue"),
            Map.entry(4222, "queue"),
            Map.entry(61616, "queue"),
            Map.entry(1883, "queue"),
            Map.entry(80, "service"),
            Map.entry(8080, "service"),
            Map.entry(443, "service"),
            Map.entry(8443, "service"),
            Map.entry(8000, "service"),
            Map.entry(3000, "service"),
            Map.entry(9090, "service"));

    private static final Map<String, String> LABEL_TYPES = Map.ofEntries(
            Map.entry("database", "database"),
            Map.entry("db", "database"),
            Map.entry("postgres", "database"),
            Map.entry("postgresql", "database"),
            Map.entry("mysql", "database"),
            Map.entry("mongodb", "database"),
            Map.entry("cache", "cache"),
            Map.entry("redis", "cache"),
            Map.entry("memcached", "cache"),
            Map.entry("queue", "queue"),
            Map.entry("kafka", "queue"),
            Map.entry("rabbitmq", "queue"),
            Map.entry("broker", "queue"),
            Map.entry("messaging", "queue"),
            Map.entry("load_balancer", "load_balancer"),
            Map.entry("load-balancer", "load_balancer"),
            Map.entry("loadbalancer", "load_balancer"));

    private final ClusterInventory inventory;
    private final List<NodeConnections> nodes;

    private final Map<String, Draft> drafts = new TreeMap<>();
    /** Pod uid → the component it is part of. */
    private final Map<String, String> podComponent = new HashMap<>();

    private final Map<String, String> podByIp = new HashMap<>();
    private final Map<String, String> serviceComponentByUid = new HashMap<>();
    private final Map<String, String> serviceComponentByIp = new HashMap<>();

    private GraphBuilder(ClusterInventory inventory, List<NodeConnections> nodes) {
        this.inventory = inventory;
        this.nodes = nodes;
    }

    static Topology build(ClusterInventory inventory, List<NodeConnections> nodes) {
        return new GraphBuilder(inventory, nodes).build();
    }

    /** A component as it is being put together. */
    private static final class Draft {
        final String id;
        final String name;
        final Map<String, String> labels = new TreeMap<>();
        final List<Integer> ports = new ArrayList<>();
        int pods;
        int readyPods;
        Integer desired;
        String fixedType;

        Draft(String id, String name) {
            this.id = id;
            this.name = name;
        }
    }

    private Topology build() {
        Map<String, WorkloadObject> workloadsByUid = new HashMap<>();
        Map<String, WorkloadObject> workloadsByName = new HashMap<>();
        for (WorkloadObject workload : inventory.workloads()) {
            if (!workload.uid().isEmpty()) {
                workloadsByUid.putIfAbsent(workload.uid(), workload);
            }
            workloadsByName.putIfAbsent(key(workload.namespace(), workload.kind(), workload.name()), workload);
        }
        // each pod's top workload: a ReplicaSet's Deployment, a Job's CronJob
        Map<String, String> podWorkload = new LinkedHashMap<>();
        Map<String, WorkloadRef> workloadRefs = new TreeMap<>();
        for (PodObject pod : inventory.pods()) {
            WorkloadRef ref = top(pod, workloadsByUid, workloadsByName);
            podWorkload.put(pod.uid(), ref.key());
            workloadRefs.putIfAbsent(ref.key(), ref);
            if (pod.ip() != null && !pod.ip().isBlank()) {
                podByIp.putIfAbsent(pod.ip(), pod.uid());
            }
        }
        for (WorkloadObject workload : inventory.workloads()) {
            boolean owned = workload.owners().stream()
                    .anyMatch(owner -> find(owner, workload.namespace(), workloadsByUid, workloadsByName)
                            .isPresent());
            if (!owned) {
                String key = key(workload.namespace(), workload.kind(), workload.name());
                workloadRefs.putIfAbsent(key, new WorkloadRef(key, workload.namespace(), workload.name(), workload));
            }
        }
        Map<String, PodObject> podsByUid = new LinkedHashMap<>();
        inventory.pods().forEach(pod -> podsByUid.putIfAbsent(pod.uid(), pod));

        // the workloads behind each Service become the Service's component
        Map<String, String> claimedBy = new HashMap<>();
        List<ServiceObject> services = new ArrayList<>(inventory.services());
        services.sort(java.util.Comparator.comparing(ServiceObject::namespace).thenComparing(ServiceObject::name));
        for (ServiceObject service : services) {
            String id = service.name() + "." + service.namespace();
            if (drafts.containsKey(id)) {
                continue;
            }
            Draft draft = new Draft(id, service.name());
            draft.labels.putAll(kept(service.labels()));
            draft.ports.addAll(service.ports());
            drafts.put(id, draft);
            if (!service.uid().isEmpty()) {
                serviceComponentByUid.put(service.uid(), id);
            }
            service.clusterIPs().forEach(ip -> serviceComponentByIp.putIfAbsent(ip, id));
            if (service.selector().isEmpty()) {
                // its endpoints are kept by hand (or it is the API server's own): no pods to count, one instance
                draft.desired = 0;
                continue;
            }
            for (PodObject pod : podsByUid.values()) {
                if (pod.namespace().equals(service.namespace())
                        && pod.labels()
                                .entrySet()
                                .containsAll(service.selector().entrySet())) {
                    String workload = podWorkload.get(pod.uid());
                    claimedBy.putIfAbsent(workload, id);
                }
            }
        }
        for (PodObject pod : podsByUid.values()) {
            String workload = podWorkload.get(pod.uid());
            String component = claimedBy.get(workload);
            if (component == null) {
                WorkloadRef ref = workloadRefs.get(workload);
                component = ref.name() + "." + ref.namespace();
                drafts.computeIfAbsent(component, id -> new Draft(id, ref.name()));
            }
            Draft draft = drafts.get(component);
            podComponent.put(pod.uid(), component);
            draft.pods++;
            if (pod.ready()) {
                draft.readyPods++;
            }
            draft.labels.putAll(kept(pod.labels()));
        }
        for (WorkloadRef ref : workloadRefs.values()) {
            String component = claimedBy.getOrDefault(ref.key(), ref.name() + "." + ref.namespace());
            Draft draft = drafts.computeIfAbsent(component, id -> new Draft(id, ref.name()));
            if (ref.object() != null) {
                draft.labels.putAll(kept(ref.object().labels()));
                boolean batch = "Job".equals(ref.object().kind())
                        || "CronJob".equals(ref.object().kind());
                if (batch && ref.object().replicas() == null && draft.desired == null) {
                    // a job between its runs has no pods and is not down for it
                    draft.desired = 0;
                } else if (ref.object().replicas() != null) {
                    draft.desired = (draft.desired == null ? 0 : draft.desired)
                            + ref.object().replicas();
                }
            }
        }

        Map<String, Map<String, Long>> counts = new TreeMap<>();
        for (NodeConnections node : nodes) {
            for (Connection connection : node.connections()) {
                Optional<String> source = source(node.nodeName(), connection);
                if (source.isEmpty()) {
                    continue;
                }
                String target = target(connection);
                if (!target.equals(source.get())) {
                    counts.computeIfAbsent(source.get(), s -> new TreeMap<>())
                            .merge(target, Math.max(connection.count(), 1), Long::sum);
                }
            }
        }

        List<Component> components = new ArrayList<>();
        for (Draft draft : drafts.values()) {
            components.add(component(draft));
        }
        List<Dependency> edges = new ArrayList<>();
        counts.forEach((source, targets) -> {
            long total = targets.values().stream().mapToLong(Long::longValue).sum();
            targets.forEach((target, count) -> edges.add(new Dependency(
                    source, target, DependencyType.HARD, Math.round(10_000.0 * count / total) / 10_000.0)));
        });
        return Topology.of(components, edges);
    }

    private record WorkloadRef(String key, String namespace, String name, WorkloadObject object) {}

    private static WorkloadRef top(
            PodObject pod, Map<String, WorkloadObject> byUid, Map<String, WorkloadObject> byName) {
        if (pod.owners().isEmpty()) {
            // an orphaned pod is its own workload
            return new WorkloadRef(key(pod.namespace(), "Pod", pod.name()), pod.namespace(), pod.name(), null);
        }
        Owner owner = pod.owners().getFirst();
        Optional<WorkloadObject> found = find(owner, pod.namespace(), byUid, byName);
        if (found.isEmpty()) {
            return new WorkloadRef(
                    key(pod.namespace(), owner.kind(), owner.name()), pod.namespace(), owner.name(), null);
        }
        WorkloadObject current = found.get();
        for (int depth = 0; depth < 4 && !current.owners().isEmpty(); depth++) {
            Owner up = current.owners().getFirst();
            Optional<WorkloadObject> parent = find(up, current.namespace(), byUid, byName);
            if (parent.isEmpty()) {
                break;
            }
            current = parent.get();
        }
        return new WorkloadRef(
                key(current.namespace(), current.kind(), current.name()), current.namespace(), current.name(), current);
    }

    private static Optional<WorkloadObject> find(
            Owner owner, String namespace, Map<String, WorkloadObject> byUid, Map<String, WorkloadObject> byName) {
        WorkloadObject byId = owner.uid().isEmpty() ? null : byUid.get(owner.uid());
        return Optional.ofNullable(byId != null ? byId : byName.get(key(namespace, owner.kind(), owner.name())));
    }

    private static String key(String namespace, String kind, String name) {
        return namespace + "/" + kind + "/" + name;
    }

    private Optional<String> source(String nodeName, Connection connection) {
        if (connection.sourcePodUID() != null && podComponent.containsKey(connection.sourcePodUID())) {
            return Optional.of(podComponent.get(connection.sourcePodUID()));
        }
        if (connection.sourceIP() != null && podByIp.containsKey(connection.sourceIP())) {
            return Optional.of(podComponent.get(podByIp.get(connection.sourceIP())));
        }
        if (connection.process() != null) {
            String id = connection.process() + "@" + nodeName;
            Draft draft = drafts.computeIfAbsent(id, key -> new Draft(key, connection.process()));
            draft.fixedType = "process";
            return Optional.of(id);
        }
        // a pod this snapshot does not know (yet): its connections wait for the snapshot that has it
        return Optional.empty();
    }

    private String target(Connection connection) {
        String target = null;
        if (connection.destinationServiceUID() != null) {
            target = serviceComponentByUid.get(connection.destinationServiceUID());
        }
        if (target == null && connection.destinationPodUID() != null) {
            target = podComponent.get(connection.destinationPodUID());
        }
        if (target == null) {
            target = serviceComponentByIp.get(connection.destinationIP());
        }
        if (target == null && podByIp.containsKey(connection.destinationIP())) {
            target = podComponent.get(podByIp.get(connection.destinationIP()));
        }
        if (target == null) {
            String id = endpoint(connection.destinationIP(), connection.destinationPort());
            Draft draft = drafts.computeIfAbsent(id, key -> new Draft(key, key));
            draft.fixedType = PORT_TYPES.getOrDefault(connection.destinationPort(), "external");
            target = id;
        }
        Draft draft = drafts.get(target);
        if (draft != null && !draft.ports.contains(connection.destinationPort())) {
            draft.ports.add(connection.destinationPort());
        }
        return target;
    }

    private static String endpoint(String ip, int port) {
        return ip.contains(":") ? "[" + ip + "]:" + port : ip + ":" + port;
    }

    private static Map<String, String> kept(Map<String, String> labels) {
        Map<String, String> kept = new TreeMap<>();
        labels.forEach((name, value) -> {
            if (KEPT_LABELS.contains(name)) {
                kept.put(name, value);
            }
        });
        return kept;
    }

    private static Component component(Draft draft) {
        int replicas = draft.pods > 0 ? draft.pods : Math.max(1, draft.desired == null ? 1 : draft.desired);
        String health;
        if (draft.fixedType != null && draft.pods == 0) {
            health = "healthy"; // processes and external endpoints: seen answering
        } else if (draft.pods == 0) {
            health = draft.desired != null && draft.desired == 0 ? "healthy" : "down";
        } else if (draft.readyPods == draft.pods) {
            health = "healthy";
        } else if (draft.readyPods == 0) {
            health = "down";
        } else {
            health = "degraded";
        }
        return new Component(
                draft.id, draft.name, type(draft), replicas, null, health, false, false, false, labels(draft.labels));
    }

    /**
     * The kept labels, with the region also under the plain name the analysis features group by, so that cost per
     * team and replay by region work on a discovered graph as on an imported one.
     */
    private static Map<String, String> labels(Map<String, String> kept) {
        Map<String, String> labels = new TreeMap<>(kept);
        String region = kept.get("topology.kubernetes.io/region");
        if (region != null) {
            labels.putIfAbsent(Component.REGION, region);
        }
        return labels;
    }

    private static String type(Draft draft) {
        for (String label : List.of("app.kubernetes.io/component", "tier", "app.kubernetes.io/name", "app")) {
            String value = draft.labels.get(label);
            if (value != null && LABEL_TYPES.containsKey(value.toLowerCase(Locale.ROOT))) {
                return LABEL_TYPES.get(value.toLowerCase(Locale.ROOT));
            }
        }
        if (draft.fixedType != null && !"external".equals(draft.fixedType)) {
            return draft.fixedType;
        }
        for (String kind : List.of("database", "cache", "queue", "service")) {
            if (draft.ports.stream().anyMatch(port -> kind.equals(PORT_TYPES.get(port)))) {
                return kind;
            }
        }
        return draft.fixedType != null ? draft.fixedType : "service";
    }
}
