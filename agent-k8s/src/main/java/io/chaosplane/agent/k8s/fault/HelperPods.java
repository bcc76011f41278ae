package io.chaosplane.agent.k8s.fault;

import io.chaosplane.protocol.catalog.FaultInputs;
import io.chaosplane.protocol.catalog.SocketPaths;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Short-lived privileged pods on a target's node, in the runner's namespace, that do what the Kubernetes API cannot:
 * enter a pod's network namespace, stop a container through the runtime. Each carries its fault's id as a label, so
 * that revert finds every one of them (also those a crash kept out of the journal), and a deadline after which
 * Kubernetes ends it even if the runner never comes back.
 */
final class HelperPods {

    static final String FAULT_LABEL = "chaosplane.io/fault-id";
    static final String APP_LABEL = "app.kubernetes.io/managed-by";

    private final Cluster cluster;

    HelperPods(Cluster cluster) {
        this.cluster = cluster;
    }

    /**
     * The runtime's socket an experiment names, if it is a well-formed one. The control plane refuses any other, and
     * so does the runner: the path is mounted into a privileged pod, and a control plane of another version may have
     * let it through.
     */
    static String socketPath(FaultInputs inputs) throws HelperException {
        String path = inputs.string("SOCKET_PATH");
        if (!SocketPaths.wellFormed(path)) {
            throw new HelperException("SOCKET_PATH is not a well-formed socket path (absolute, plain segments, ending"
                    + " in .sock); no helper pod was started");
        }
        return path;
    }

    /**
     * The helper's manifest: as root, privileged, with the host's PIDs and the runtime's socket, in the image of the
     * runner's configuration. {@code command} is an argument vector, never a script built from input: a helper that
     * needs a shell runs a fixed one and reads its values from {@code environment}, where no shell parses them.
     */
    Pod manifest(
            String name,
            String faultId,
            String node,
            String socketPath,
            List<String> command,
            Map<String, String> environment,
            Duration deadline)
            throws HelperException {
        if (!SocketPaths.wellFormed(socketPath)) {
            throw new HelperException("refusing a helper pod with a malformed socket path");
        }
        return new PodBuilder(nodeManifest(name, faultId, node, command, environment, deadline))
                .editSpec()
                .editFirstContainer()
                .addNewVolumeMount()
                .withName("runtime-socket")
                .withMountPath(socketPath)
                .endVolumeMount()
                .endContainer()
                .addNewVolume()
                .withName("runtime-socket")
                .withNewHostPath()
                .withPath(socketPath)
                .endHostPath()
                .endVolume()
                .endSpec()
                .build();
    }

    /**
     * A helper that works on the node itself (node stress, kubelet, restart): as root, privileged, with the host's
     * PIDs (so that {@code nsenter -t 1} reaches the host), without the runtime's socket.
     */
    Pod nodeManifest(
            String name,
            String faultId,
            String node,
            List<String> command,
            Map<String, String> environment,
            Duration deadline) {
        return new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(cluster.namespace())
                .withLabels(Map.of(FAULT_LABEL, faultId, APP_LABEL, "chaosplane-agent-k8s"))
                .endMetadata()
                .withNewSpec()
                .withNodeName(node)
                .withRestartPolicy("Never")
                .withHostPID(true)
                .withServiceAccountName(cluster.serviceAccount())
                .withActiveDeadlineSeconds(Math.max(1, deadline.toSeconds()))
                .withTerminationGracePeriodSeconds(30L)
                .addNewContainer()
                .withName("helper")
                .withImage(cluster.helperImage())
                .withImagePullPolicy("IfNotPresent")
                .withCommand(command)
                .withEnv(environment.entrySet().stream()
                        .map(entry -> new EnvVar(entry.getKey(), entry.getValue(), null))
                        .toList())
                .withNewSecurityContext()
                .withPrivileged(true)
                .withRunAsUser(0L)
                .endSecurityContext()
                .endContainer()
                .endSpec()
                .build();
    }

    Pod create(Pod manifest) {
        return cluster.client()
                .pods()
                .inNamespace(cluster.namespace())
                .resource(manifest)
                .create();
    }

    /** Waits until the helper runs (or ran and ended); throws when it does not start in time or failed. */
    String awaitStarted(String name) throws InterruptedException, HelperException {
        long deadline = System.nanoTime() + cluster.helperStartTimeout().toNanos();
        while (true) {
            Pod pod = cluster.client()
                    .pods()
                    .inNamespace(cluster.namespace())
                    .withName(name)
                    .get();
            if (pod == null) {
                throw new HelperException("helper pod " + name + " is gone");
            }
            String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
            if ("Failed".equals(phase)) {
                throw new HelperException(
                        "helper pod " + name + " failed: " + pod.getStatus().getMessage());
            }
            if ("Running".equals(phase) || "Succeeded".equals(phase)) {
                return phase;
            }
            if (System.nanoTime() > deadline) {
                throw new HelperException("helper pod " + name + " did not start within "
                        + cluster.helperStartTimeout().toSeconds() + "s (phase " + phase + ")");
            }
            Thread.sleep(cluster.poll());
        }
    }

    /** Waits until a helper that does one thing has done it. */
    void awaitSucceeded(String name) throws InterruptedException, HelperException {
        long deadline = System.nanoTime() + cluster.helperStartTimeout().toNanos();
        while (!"Succeeded".equals(awaitStarted(name))) {
            if (System.nanoTime() > deadline) {
                throw new HelperException("helper pod " + name + " did not finish within "
                        + cluster.helperStartTimeout().toSeconds() + "s");
            }
            Thread.sleep(cluster.poll());
        }
    }

    /**
     * Deletes the fault's helpers, by label and by the names the state gives, and waits until they are gone: a
     * network helper takes its qdisc away as it terminates.
     */
    void deleteAll(String faultId, List<String> knownNames) throws InterruptedException {
        var pods = cluster.client().pods().inNamespace(cluster.namespace());
        java.util.Set<String> names = new java.util.LinkedHashSet<>(knownNames);
        pods.withLabel(FAULT_LABEL, faultId)
                .list()
                .getItems()
                .forEach(pod -> names.add(pod.getMetadata().getName()));
        for (String name : names) {
            pods.withName(name).delete();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(45).toNanos();
        for (String name : names) {
            while (pods.withName(name).get() != null && System.nanoTime() < deadline) {
                Thread.sleep(cluster.poll());
            }
        }
    }

    static final class HelperException extends Exception {
        HelperException(String message) {
            super(message);
        }
    }
}
