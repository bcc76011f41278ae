package io.chaosplane.agent.k8s.fault;

import io.chaosplane.agent.k8s.target.TargetResolver;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;

/**
 * What faults work with: the API client, the target resolver, and where helper pods go (the runner's own namespace,
 * with its service account).
 *
 * @param helperImage the image of helper pods, from the runner's configuration (they are privileged: an experiment
 *     never chooses it)
 * @param helperStartTimeout how long a helper pod may take to start before its fault fails and is reverted
 * @param poll how often helper pods are looked at while waiting for them
 */
public record Cluster(
        KubernetesClient client,
        TargetResolver targets,
        String namespace,
        String serviceAccount,
        String helperImage,
        Duration helperStartTimeout,
        Duration poll) {}
