package io.chaosplane.discovery.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One collection of the cluster: seed 001's first data shape before it is cut into batches.
 *
 * @param namespace the agent's own namespace
 * @param observedNamespaces the namespaces collected, after the filters
 * @param lists the objects as Kubernetes JSON, by seed 001's field names, every field present
 */
public record ClusterSnapshot(String namespace, List<String> observedNamespaces, Map<String, List<JsonNode>> lists) {

    /** Seed 001's list fields, in its order. */
    public static final List<String> LIST_FIELDS = List.of(
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

    public ClusterSnapshot {
        observedNamespaces = List.copyOf(observedNamespaces);
        Map<String, List<JsonNode>> copy = new LinkedHashMap<>();
        for (String field : LIST_FIELDS) {
            copy.put(field, List.copyOf(lists.getOrDefault(field, List.of())));
        }
        lists = java.util.Collections.unmodifiableMap(copy);
    }

    public int objectCount() {
        return lists.values().stream().mapToInt(List::size).sum();
    }
}
