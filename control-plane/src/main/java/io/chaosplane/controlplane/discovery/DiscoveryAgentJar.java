package io.chaosplane.controlplane.discovery;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The discovery agent's jar this control plane serves, and its SHA-256 computed once at start-up from that file:
 * the install command and the manifest's init container check the download against it.
 */
@Component
class DiscoveryAgentJar {

    static final String NAME = "chaosplane-discovery-agent.jar";
    private static final System.Logger LOG = System.getLogger(DiscoveryAgentJar.class.getName());

    private final Path file;
    private final Optional<String> sha256;

    DiscoveryAgentJar(DiscoveryProperties properties) {
        this.file = Path.of(properties.agentJar());
        this.sha256 = digest(file);
    }

    Path file() {
        return file;
    }

    Optional<String> sha256() {
        return sha256;
    }

    private static Optional<String> digest(Path file) {
        if (!Files.isReadable(file)) {
            LOG.log(System.Logger.Level.INFO, "no discovery agent jar at {0}: it is not served", file);
            return Optional.empty();
        }
        try (DigestInputStream in =
                new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return Optional.of(HexFormat.of().formatHex(in.getMessageDigest().digest()));
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot read the discovery agent jar " + file, e);
            return Optional.empty();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
