package io.chaosplane.controlplane.infra;

import java.time.Instant;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The command a person pastes on a host to install and start its agent. It downloads the agent from this control
 * plane (only over https when the public URL is https, redirects included), checks the jar against the SHA-256 this
 * control plane computed at start-up, writes the install token to a file only its owner may read and hands the agent
 * that file: the token never appears in the agent's command line or environment, where {@code ps} and
 * {@code /proc} would show it.
 */
@Component
class InstallCommands {

    static final String TOKEN_FILE = "chaosplane-install-token";

    private final AgentInstallProperties properties;
    private final AgentJar jar;

    InstallCommands(AgentInstallProperties properties, AgentJar jar) {
        this.properties = properties;
        this.jar = jar;
    }

    /** The manifest URL of a Kubernetes infrastructure's runner; the install token opens it until it expires. */
    String kubernetesManifest(UUID infraId, String installToken) {
        return server() + "/api/v1/infrastructures/" + infraId + "/manifest?token=" + installToken;
    }

    String linux(UUID infraId, String installToken) {
        String server = server();
        String jarName = AgentDownloadController.JAR_NAME;
        String download = server + "/downloads/" + jarName;
        String curl = server.startsWith("https://") ? "curl -fsSL --proto '=https' --tlsv1.2" : "curl -fsSL";
        // the digest comes with the command, over the API's authenticated connection; without a jar at start-up the
        // published one is fetched, which answers 404 as the jar does
        String check = jar.sha256()
                .map(sha256 -> "echo '" + sha256 + "  " + jarName + "' | sha256sum -c -")
                .orElse(curl + " " + download + ".sha256 | sha256sum -c -");
        return curl + " -o " + jarName + " " + download + " && " + check + " && "
                + "(umask 077 && printf '%s\\n' '" + installToken + "' > " + TOKEN_FILE + ") && "
                + "sudo CHAOSPLANE_SERVER_URL=" + server + " CHAOSPLANE_INFRA_ID=" + infraId
                + " CHAOSPLANE_INSTALL_TOKEN_FILE=\"$PWD/" + TOKEN_FILE + "\" java -jar " + jarName;
    }

    /** When a token issued now stops working. */
    Instant tokenExpiry(Instant issued) {
        return issued.plus(properties.installTokenLifetime());
    }

    private String server() {
        return properties.publicUrl().replaceAll("/+$", "");
    }
}
