package io.chaosplane.agent.fault;

import io.chaosplane.agent.storage.DurableFiles;
import io.chaosplane.protocol.ProtocolJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
        try {
            DurableFiles.write(file(entry.faultId()), ProtocolJson.mapper().writeValueAsBytes(entry));
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
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".json"))
                    .toList()) {
                try {
                    entries.add(ProtocolJson.mapper().readValue(file.toFile(), JournalEntry.class));
                } catch (JacksonException e) {
                    LOG.log(
                            System.Logger.Level.ERROR,
                            "journal entry {0} is unreadable; revert its fault by hand: {1}",
                            file,
                            e.getMessage());
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
