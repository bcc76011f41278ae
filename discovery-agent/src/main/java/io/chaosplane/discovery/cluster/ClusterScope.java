package io.chaosplane.discovery.cluster;

import java.util.List;

/**
 * What the cluster collector looks at: seed 001's namespace filters and switches.
 *
 * @param ownNamespace the agent's namespace, reported as the snapshot's {@code namespace}
 * @param namespaceSelector a label selector the namespaces must match; empty: every namespace
 * @param observedNamespaces when not empty, only these
 * @param blacklistedNamespaces never these
 */
public record ClusterScope(
        String ownNamespace,
        String namespaceSelector,
        List<String> observedNamespaces,
        List<String> blacklistedNamespaces,
        boolean enableOrphanedPod,
        boolean enableBatchResources) {

    public ClusterScope {
        observedNamespaces = List.copyOf(observedNamespaces);
        blacklistedNamespaces = List.copyOf(blacklistedNamespaces);
    }

    /** No filter picks namespaces (a blacklist only removes some): lists may span the cluster. */
    boolean allNamespaces() {
        return namespaceSelector.isEmpty() && observedNamespaces.isEmpty();
    }

    /** Whether a namespace passes the observed and blacklisted lists (the selector is the API server's to apply). */
    boolean includes(String namespace) {
        if (namespace == null) {
            return true;
        }
        return (observedNamespaces.isEmpty() || observedNamespaces.contains(namespace))
                && !blacklistedNamespaces.contains(namespace);
    }
}
