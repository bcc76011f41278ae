package io.chaosplane.agent.k8s.fault;

import io.chaosplane.agent.k8s.target.TargetException;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;

/** A pod's container as its runtime knows it. */
final class Containers {

    private Containers() {}

    /** The runtime's id of the container ({@code containerd://abc} gives {@code abc}). */
    static String id(Pod pod, String container) throws TargetException {
        if (pod.getStatus() != null && pod.getStatus().getContainerStatuses() != null) {
            for (ContainerStatus status : pod.getStatus().getContainerStatuses()) {
                String id = status.getContainerID();
                if (container.equals(status.getName()) && id != null && !id.isBlank()) {
                    return id.replaceFirst("^[a-z]+://", "");
                }
            }
        }
        throw new TargetException("container " + container + " of pod "
                + pod.getMetadata().getName() + " has no container id (not started?)");
    }
}
