package io.chaosplane.controlplane.infra;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How agents are told to reach the control plane.
 *
 * @param publicUrl the control plane's address as agents see it, written into install commands; with https the
 *     command refuses to download the agent over anything else
 * @param linuxAgentJar the Linux agent's jar, served at {@code /downloads/chaosplane-agent-linux.jar} with its SHA-256
 *     (computed at start-up) at {@code /downloads/chaosplane-agent-linux.jar.sha256}
 * @param installTokenLifetime how long an install token (the Linux install command's, the Kubernetes manifest URL's)
 *     works after it was issued; after that confirming and the manifest answer 401 until the key is reset
 */
@ConfigurationProperties("chaosplane.agents")
record AgentInstallProperties(
        @DefaultValue("http://localhost:8080") String publicUrl,

        @DefaultValue("agent-linux/target/chaosplane-agent-linux.jar")
        String linuxAgentJar,

        @DefaultValue("24h") Duration installTokenLifetime) {}
