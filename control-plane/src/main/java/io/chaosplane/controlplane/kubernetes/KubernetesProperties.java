package io.chaosplane.controlplane.kubernetes;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What the control plane writes into a Kubernetes infrastructure's install manifest.
 *
 * @param publicUrl the control plane as the runner reaches it from inside the cluster
 * @param logServiceUrl the log service as the runner reaches it
 * @param image the runner's image; the chart's own default when empty
 */
@ConfigurationProperties("chaosplane.kubernetes")
record KubernetesProperties(
        @DefaultValue("http://localhost:8080") String publicUrl,
        @DefaultValue("http://localhost:8081") String logServiceUrl,
        String image) {

    /** Where the runner's agent calls live: seed 001's KUBERNETES_INFRA_SERVICE_ENDPOINT. */
    String infraServiceEndpoint() {
        return publicUrl.replaceAll("/+$", "") + "/chaos/kserver/api";
    }
}
