package io.chaosplane.protocol.linux;

import io.chaosplane.protocol.k8s.KubernetesWorkflow;

/**
 * The {@code action} member of a task: one fault ({@code chaos}, Linux agents) or a whole Kubernetes experiment run
 * ({@code workflow}, the Kubernetes chaos runner, which runs its steps itself).
 */
public record TaskAction(ChaosSpec chaos, KubernetesWorkflow workflow) {

    public TaskAction(ChaosSpec chaos) {
        this(chaos, null);
    }
}
