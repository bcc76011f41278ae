package io.chaosplane.protocol.probe;

/**
 * A Kubernetes probe (LitmusChaos' {@code k8sProbe}): resources of {@code group/version/resource} in
 * {@code namespace}, narrowed by {@code fieldSelector}, {@code labelSelector} and {@code resourceNames}
 * (comma-separated), and what to do with them:
 * <ul>
 *   <li>{@code present}: passes when at least one matches;</li>
 *   <li>{@code absent}: passes when none matches;</li>
 *   <li>{@code create}: creates {@code data} (a YAML or JSON manifest of that resource) and passes when it was made;</li>
 *   <li>{@code delete}: deletes the matching resources and passes when at least one was deleted.</li>
 * </ul>
 * {@code group} is empty for the core group ({@code ""/v1/pods}).
 */
public record K8sProbeInputs(
        String group,
        String version,
        String resource,
        String namespace,
        String fieldSelector,
        String labelSelector,
        String resourceNames,
        String operation,
        String data) {

    /** The operations, as written on the wire. */
    public static final java.util.List<String> OPERATIONS = java.util.List.of("present", "absent", "create", "delete");
}
