package io.chaosplane.agent.remote;

import io.chaosplane.agent.config.Secret;
import io.chaosplane.agent.storage.DurableFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Keeps the identity from confirm in the state directory, so that a restarted agent reuses its access key instead of
 * confirming again (the install token works once). The key file is readable by the agent's user only.
 */
public final class IdentityStore {

    private final Path accessKeyFile;
    private final Path infraIdFile;
    private volatile AgentIdentity current;

    public IdentityStore(Path stateDir) {
        this.accessKeyFile = stateDir.resolve("access-key");
        this.infraIdFile = stateDir.resolve("infra-id");
    }

    public Optional<AgentIdentity> load() {
        try {
            if (!Files.exists(accessKeyFile) || !Files.exists(infraIdFile)) {
                return Optional.empty();
            }
            current = new AgentIdentity(Files.readString(infraIdFile).strip(),
                    new Secret(Files.readString(accessKeyFile).strip()));
            return Optional.of(current);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the agent's identity in " + accessKeyFile.getParent(), e);
        }
    }

    public void save(AgentIdentity identity) {
        try {
            write(infraIdFile, identity.infraId());
            write(accessKeyFile, identity.accessKey().value());
            current = identity;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store the agent's identity in " + accessKeyFile.getParent(), e);
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
