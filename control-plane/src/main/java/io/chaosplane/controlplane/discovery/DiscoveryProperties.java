package io.chaosplane.controlplane.discovery;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How discovery agents are installed.
 *
 * @param publicUrl the control plane's address as the agents see it, written into manifests and install commands
 * @param agentJar the discovery agent's jar, served at {@code /downloads/chaosplane-discovery-agent.jar} with its
 *     SHA-256 (computed at start-up)
 * @param image the image the manifest runs the agent's jar in (a Java 21 runtime)
 * @param downloaderImage the image of the init container that fetches the jar and checks its SHA-256
 * @param installTokenLifetime how long an agent's install token (manifest URL, install command) works after it was
 *     issued
 */
@ConfigurationProperties("chaosplane.discovery")
record DiscoveryProperties(
        @DefaultValue("http://localhost:8080") String publicUrl,

        @DefaultValue("discovery-agent/target/chaosplane-discovery-agent.jar")
        String agentJar,

        @DefaultValue("eclipse-temurin:21-jre") String image,
        @DefaultValue("curlimages/curl:8.11.1") String downloaderImage,
        @DefaultValue("24h") Duration installTokenLifetime) {

    String server() {
        return publicUrl.replaceAll("/+$", "");
    }
}
