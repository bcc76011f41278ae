package io.chaosplane.discovery.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptions;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Seed 001's cluster collector: namespaces, nodes and the nine workload kinds, through the Kubernetes API in pages
 * ({@code limit}/{@code continue}), within the namespace filters. It asks for exactly these kinds: never ConfigMaps or
 * Secrets (the install manifest's ClusterRole does not grant them, and a snapshot has no use for them).
 */
public final class ClusterCollector {

    private static final System.Logger LOG = System.getLogger(ClusterCollector.class.getName());

    private final KubernetesClient client;
    private final KubernetesSerialization serialization;
    private final ClusterScope scope;
    private final Pages pages;

    public ClusterCollector(KubernetesClient client, ClusterScope scope, int pageSize) {
        this.client = client;
        this.serialization = client.getKubernetesSerialization();
        this.scope = scope;
        this.pages = new Pages(pageSize);
    }

    /** One kind the snapshot carries: its field and its list call (a null namespace: all namespaces). */
    private record Kind(String field, BiFunction<String, ListOptions, KubernetesResourceList<?>> list) {}

    private List<Kind> workloadKinds() {
        List<Kind> kinds = new ArrayList<>();
        kinds.add(new Kind(
                "serviceList",
                (ns, options) -> ns == null
                        ? client.services().inAnyNamespace().list(options)
                        : client.services().inNamespace(ns).list(options)));
        kinds.add(new Kind(
                "podList",
                (ns, options) -> ns == null
                        ? client.pods().inAnyNamespace().list(options)
                        : client.pods().inNamespace(ns).list(options)));
        kinds.add(new Kind(
                "replicaSetList",
                (ns, options) -> ns == null
                        ? client.apps().replicaSets().inAnyNamespace().list(options)
                        : client.apps().replicaSets().inNamespace(ns).list(options)));
        kinds.add(new Kind(
                "replicationControllerList",
                (ns, options) -> ns == null
                        ? client.replicationControllers().inAnyNamespace().list(options)
                        : client.replicationControllers().inNamespace(ns).list(options)));
        kinds.add(new Kind(
                "deploymentList",
                (ns, options) -> ns == null
                        ? client.apps().deployments().inAnyNamespace().list(options)
                        : client.apps().deployments().inNamespace(ns).list(options)));
        kinds.add(new Kind(
                "statefulSetList",
                (ns, options) -> ns == null
                        ? client.apps().statefulSets().inAnyNamespace().list(options)
                        : client.apps().statefulSets().inNamespace(ns).list(options)));
        kinds.add(new Kind(
                "daemonSetList",
                (ns, options) -> ns == null
                        ? client.apps().daemonSets().inAnyNamespace().list(options)
                        : client.apps().daemonSets().inNamespace(ns).list(options)));
        if (scope.enableBatchResources()) {
            kinds.add(new Kind(
                    "jobList",
                    (ns, options) -> ns == null
                            ? client.batch().v1().jobs().inAnyNamespace().list(options)
                            : client.batch().v1().jobs().inNamespace(ns).list(options)));
            kinds.add(new Kind(
                    "cronJobList",
                    (ns, options) -> ns == null
                            ? client.batch().v1().cronjobs().inAnyNamespace().list(options)
                            : client.batch().v1().cronjobs().inNamespace(ns).list(options)));
        }
        return kinds;
    }

    /** Takes one snapshot of the cluster within the scope. */
    public ClusterSnapshot collect() {
        List<Namespace> namespaces = pages.<Namespace>all(
                "namespaceList",
                options -> client.namespaces()
                        .list(new ListOptionsBuilder(options)
                                .withLabelSelector(
                                        scope.namespaceSelector().isEmpty() ? null : scope.namespaceSelector())
                                .build()));
        List<Namespace> selected = namespaces.stream()
                .filter(namespace -> scope.includes(namespace.getMetadata().getName()))
                .toList();
        List<String> names = selected.stream()
                .map(namespace -> namespace.getMetadata().getName())
                .toList();
        Map<String, List<JsonNode>> lists = new LinkedHashMap<>();
        for (String field : ClusterSnapshot.LIST_FIELDS) {
            lists.put(field, new ArrayList<>());
        }
        selected.forEach(namespace -> lists.get("namespaceList").add(json(namespace)));
        pages.<HasMetadata>all("nodeList", client.nodes()::list)
                .forEach(node -> lists.get("nodeList").add(json(node)));
        for (Kind kind : workloadKinds()) {
            List<HasMetadata> objects = new ArrayList<>();
            if (scope.allNamespaces()) {
                // one paged call for the whole cluster beats one per namespace; the blacklist is applied here
                for (HasMetadata object : pages.<HasMetadata>all(
                        kind.field(), options -> kind.list().apply(null, options))) {
                    if (scope.includes(object.getMetadata().getNamespace())) {
                        objects.add(object);
                    }
                }
            } else {
                for (String namespace : names) {
                    objects.addAll(pages.<HasMetadata>all(
                            kind.field(), options -> kind.list().apply(namespace, options)));
                }
            }
            for (HasMetadata object : objects) {
                if (object instanceof Pod pod && !keep(pod)) {
                    continue;
                }
                lists.get(kind.field()).add(json(object));
            }
        }
        LOG.log(
                System.Logger.Level.INFO,
                "cluster snapshot: {0} namespaces, {1} nodes, {2} services, {3} pods",
                lists.get("namespaceList").size(),
                lists.get("nodeList").size(),
                lists.get("serviceList").size(),
                lists.get("podList").size());
        return new ClusterSnapshot(scope.ownNamespace(), names, lists);
    }

    /** Orphaned pods only when asked for; pods of Jobs only with the batch resources. */
    private boolean keep(Pod pod) {
        List<OwnerReference> owners = pod.getMetadata().getOwnerReferences();
        if (owners == null || owners.isEmpty()) {
            return scope.enableOrphanedPod();
        }
        return scope.enableBatchResources() || owners.stream().noneMatch(owner -> "Job".equals(owner.getKind()));
    }

    private JsonNode json(HasMetadata object) {
        return serialization.convertValue(object, JsonNode.class);
    }
}
