package io.chaosplane.controlplane.infra;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How agents are told to reach the control plane.
 *
 * @param publicUrl the control plane's address as agents see it, written into install commands
 * @param linuxAgentJar the Linux agent's jar, served at {@code /downloads/chaosplane-agent-linux.jar}
 */
@ConfigurationProperties("chaosplane.agents")
record AgentInstallProperties(
        @DefaultValue("http://localhost:8080") String publicUrl,

        @DefaultValue("agent-linux/target/chaosplane-agent-linux.jar")
        String linuxAgentJar) {}
