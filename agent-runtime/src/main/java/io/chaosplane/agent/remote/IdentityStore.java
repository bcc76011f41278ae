package io.chaosplane.agent.remote;

import io.chaosplane.agent.config.Secret;
import io.chaosplane.agent.storage.DurableFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Keeps the identity from confirm in the state directory, so that a restarted agent reuses its access key instead of
 * confirming again (the install token works once). The key file is readable by the agent's user only. Beside it, a
 * digest of the install token it was confirmed with tells a restart with the same token from one with a new token
 * (after the key was reset), which must confirm again.
 */
public final class IdentityStore {

    private final Path accessKeyFile;
    private final Path infraIdFile;
    private final Path installTokenDigestFile;
    private volatile AgentIdentity current;

    public IdentityStore(Path stateDir) {
        this.accessKeyFile = stateDir.resolve("access-key");
        this.infraIdFile = stateDir.resolve("infra-id");
        this.installTokenDigestFile = stateDir.resolve("install-token.sha256");
    }

    public Optional<AgentIdentity> load() {
        try {
            if (!Files.exists(accessKeyFile) || !Files.exists(infraIdFile)) {
                return Optional.empty();
            }
            current = new AgentIdentity(
                    Files.readString(infraIdFile).strip(),
                    new Secret(Files.readString(accessKeyFile).strip()));
            return Optional.of(current);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the agent's identity in " + accessKeyFile.getParent(), e);
        }
    }

    /** Keeps an identity given from elsewhere (a key the platform already holds), not from a confirm here. */
    public void save(AgentIdentity identity) {
        store(identity, Optional.empty());
    }

    /** Keeps the identity a confirm with the install token answered. */
    public void save(AgentIdentity identity, Secret installToken) {
        store(identity, Optional.of(installToken));
    }

    // The old digest goes first and the new one comes last: a crash in between leaves a key without a digest,
    // which is used whatever token is configured, never a new key beside the old token's digest, which would make
    // the next start confirm again with a token already spent.
    private void store(AgentIdentity identity, Optional<Secret> installToken) {
        try {
            Files.deleteIfExists(installTokenDigestFile);
            write(infraIdFile, identity.infraId());
            write(accessKeyFile, identity.accessKey().value());
            if (installToken.isPresent()) {
                write(installTokenDigestFile, digest(installToken.get()));
            }
            current = identity;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store the agent's identity in " + accessKeyFile.getParent(), e);
        }
    }

    /**
     * Whether the stored identity came from this install token. An identity stored without one (given from elsewhere,
     * or by an older agent) counts as confirmed with any token, so that such an agent keeps its key.
     */
    public boolean confirmedWith(Secret installToken) {
        try {
            return !Files.exists(installTokenDigestFile)
                    || Files.readString(installTokenDigestFile).strip().equals(digest(installToken));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the agent's identity in " + accessKeyFile.getParent(), e);
        }
    }

    private static String digest(Secret installToken) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256")
                            .digest(installToken.value().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** The identity loaded or saved last; the HTTP client asks for it on every call. */
    public AgentIdentity current() {
        AgentIdentity identity = current;
        if (identity == null) {
            throw new IllegalStateException("the agent has not been confirmed yet");
        }
        return identity;
    }

    /** Writes through a private temporary file, so the key is never readable by others, not even for a moment. */
    private static void write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        DurableFiles.write(file, (content + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
