package io.chaosplane.agent.logs;

import io.chaosplane.agent.storage.DurableFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * The log streams a pause left open, each with the {@code pos} its next line gets: the attempt that the resume hands
 * out writes on from there, so that its lines follow the first attempt's in the same stream instead of landing on
 * positions already taken (which the log service would ignore). Kept on disk, so that an agent restarted while its run
 * is paused loses nothing either.
 */
final class PausedStreams {

    /** A pause is resumed or aborted within hours; a stream's write token is long expired after this. */
    private static final Duration FORGET_AFTER = Duration.ofDays(7);

    private final Path directory;

    PausedStreams(Path directory, Clock clock) {
        this.directory = directory;
        try {
            Files.createDirectories(directory);
            Instant forget = clock.instant().minus(FORGET_AFTER);
            try (Stream<Path> files = Files.list(directory)) {
                for (Path file : files.toList()) {
                    if (Files.getLastModifiedTime(file).toInstant().isBefore(forget)) {
                        Files.deleteIfExists(file);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the paused streams in " + directory, e);
        }
    }

    /** Remembers that the stream stays open for the next attempt, which starts at {@code nextPos}. */
    void paused(String streamId, long nextPos) {
        try {
            DurableFiles.write(file(streamId), Long.toString(nextPos).getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remember the paused stream " + streamId, e);
        }
    }

    /** The position a resumed attempt starts at, and forgets it: the stream is the new attempt's now. */
    OptionalLong resume(String streamId) {
        Path file = file(streamId);
        try {
            if (!Files.exists(file)) {
                return OptionalLong.empty();
            }
            long next = Long.parseLong(
                    Files.readString(file, StandardCharsets.US_ASCII).trim());
            Files.deleteIfExists(file);
            return OptionalLong.of(next);
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("cannot read the paused stream " + streamId + ": " + e.getMessage(), e);
        }
    }

    private Path file(String streamId) {
        return directory.resolve(
                Base64.getUrlEncoder().withoutPadding().encodeToString(streamId.getBytes(StandardCharsets.UTF_8)));
    }
}
