package io.chaosplane.agent.task;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The host administrator's kill switch: a file (setting {@value #SETTING}) whose content {@code false} disables chaos
 * on this host. It is read again for every task, so writing the file takes effect without a restart, and it holds
 * whatever the control plane sends: a stale or forged task is refused too. A missing file, or any other content,
 * leaves chaos enabled; a file that exists but cannot be read disables it (safety wins).
 */
public final class LocalKillSwitch {

    public static final String SETTING = "chaos.enabled.file";

    private final Optional<Path> file;

    public LocalKillSwitch(Optional<Path> file) {
        this.file = file;
    }

    /** Why chaos is disabled on this host now; empty when it is enabled. */
    public Optional<String> disabledReason() {
        if (file.isEmpty()) {
            return Optional.empty();
        }
        Path path = file.get();
        try {
            String content = Files.readString(path, StandardCharsets.UTF_8).strip();
            return content.equalsIgnoreCase("false")
                    ? Optional.of("chaos is disabled on this host by " + path)
                    : Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("chaos is disabled on this host: " + path + " cannot be read (" + e.getMessage() + ")");
        }
    }
}
