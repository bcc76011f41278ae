package io.chaosplane.controlplane.infra;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The Linux agent's jar that this control plane serves and its SHA-256, computed once at start-up from that very
 * file: install commands carry the digest and check the download against it, so that a jar altered on the way (or on
 * a mirror) is not run as root. Replacing the jar needs a restart for the digest to follow.
 */
@Component
class AgentJar {

    private static final System.Logger LOG = System.getLogger(AgentJar.class.getName());

    private final Path file;
    private final Optional<String> sha256;

    AgentJar(AgentInstallProperties properties) {
        this.file = Path.of(properties.linuxAgentJar());
        this.sha256 = digest(file);
    }

    Path file() {
        return file;
    }

    /** The jar's SHA-256 in lower-case hex; empty when the jar was not readable at start-up. */
    Optional<String> sha256() {
        return sha256;
    }

    private static Optional<String> digest(Path file) {
        if (!Files.isReadable(file)) {
            LOG.log(System.Logger.Level.INFO, "no Linux agent jar at {0}: it is not served", file);
            return Optional.empty();
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            MessageDigest digest = ((DigestInputStream) in).getMessageDigest();
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return Optional.of(HexFormat.of().formatHex(digest.digest()));
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot read the Linux agent jar " + file, e);
            return Optional.empty();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
