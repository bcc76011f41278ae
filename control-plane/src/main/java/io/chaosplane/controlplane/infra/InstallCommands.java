package io.chaosplane.controlplane.infra;

import java.util.UUID;
import org.springframework.stereotype.Component;

/** The command a person pastes on a host to install and start its agent. */
@Component
class InstallCommands {

    private final AgentInstallProperties properties;

    InstallCommands(AgentInstallProperties properties) {
        this.properties = properties;
    }

    /** The manifest URL of a Kubernetes infrastructure's runner; the install token opens it. */
    String kubernetesManifest(UUID infraId, String installToken) {
        return properties.publicUrl().replaceAll("/+$", "") + "/api/v1/infrastructures/" + infraId + "/manifest?token="
                + installToken;
    }

    String linux(UUID infraId, String installToken) {
        String server = properties.publicUrl().replaceAll("/+$", "");
        return "curl -fsSLo chaosplane-agent-linux.jar " + server + "/downloads/chaosplane-agent-linux.jar && "
                + "sudo CHAOSPLANE_SERVER_URL=" + server + " CHAOSPLANE_INFRA_ID=" + infraId
                + " CHAOSPLANE_INSTALL_TOKEN=" + installToken + " java -jar chaosplane-agent-linux.jar";
    }
}
