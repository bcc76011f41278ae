package io.chaosplane.agent.fault;

import io.chaosplane.protocol.ProtocolJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import tools.jackson.core.JacksonException;

/**
 * The write-ahead journal of faults in force: one file per fault, written and synced before the host is changed,
 * removed after the fault is reverted. Whatever is left here at start-up was in force when the agent died.
 */
public final class FaultJournal {

    private static final System.Logger LOG = System.getLogger(FaultJournal.class.getName());

    private final Path directory;

    public FaultJournal(Path directory) {
        this.directory = directory;
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the fault journal " + directory, e);
        }
    }

    /** Writes (or replaces) an entry durably: the file is synced before it takes its name. */
    void write(JournalEntry entry) {
        Path file = file(entry.faultId());
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.write(temporary, ProtocolJson.mapper().writeValueAsBytes(entry));
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
                dir.force(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot journal fault " + entry.faultId(), e);
        }
    }

    void remove(String faultId) {
        try {
            Files.deleteIfExists(file(faultId));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove fault " + faultId + " from the journal", e);
        }
    }

    /** The entries on disk, oldest injection first. Unreadable files are reported and skipped. */
    public List<JournalEntry> entries() {
        List<JournalEntry> entries = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".json")).toList()) {
                try {
                    entries.add(ProtocolJson.mapper().readValue(file.toFile(), JournalEntry.class));
                } catch (JacksonException e) {
                    LOG.log(System.Logger.Level.ERROR, "journal entry {0} is unreadable; revert its fault by hand: {1}",
                            file, e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the fault journal " + directory, e);
        }
        entries.sort(Comparator.comparing(JournalEntry::injectedAt));
        return entries;
    }

    private Path file(String faultId) {
        return directory.resolve(faultId + ".json");
    }
}
