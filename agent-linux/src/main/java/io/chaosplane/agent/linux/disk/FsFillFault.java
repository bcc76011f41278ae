package io.chaosplane.agent.linux.disk;

import io.chaosplane.agent.fault.Fault;
import io.chaosplane.agent.fault.FaultContext;
import io.chaosplane.agent.process.ProcessRunner;
import io.chaosplane.protocol.catalog.FaultInputs;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code linux-fs-fill}: uses up a filesystem's inodes (its files, not its bytes) with empty files in a directory of
 * the fault's own under Path, {@code Inodes} of them or as many as bring the filesystem to {@code Percentage} of its
 * inodes in use, never more than are free. Programs then fail to create files although space is left. Revert deletes
 * that directory and nothing else; its name is decided at plan, so a crash in the middle of the filling leaves nothing
 * the journal does not name.
 */
public final class FsFillFault implements Fault<FsFillFault.State> {

    /** The directory this fault fills. */
    public record State(String directory) {}

    /** Files per subdirectory, so that no directory grows too large to list or delete in reasonable time. */
    private static final int FILES_PER_DIRECTORY = 10_000;

    @Override
    public String name() {
        return "linux-fs-fill";
    }

    @Override
    public Class<State> stateType() {
        return State.class;
    }

    @Override
    public State plan(FaultInputs inputs, FaultContext context) {
        return new State(Path.of(inputs.string("Path"), "chaosplane-inodes-" + context.faultId())
                .toString());
    }

    @Override
    public State inject(FaultInputs inputs, State planned, FaultContext context) throws Exception {
        Path directory = Path.of(planned.directory());
        Path parent = directory.getParent();
        if (!Files.isDirectory(parent)) {
            throw new IOException(parent + " is not a directory");
        }
        Inodes before = Inodes.of(parent);
        long wanted = inputs.optionalInteger("Inodes")
                .orElseGet(() ->
                        (long) Math.ceil(before.total() * inputs.percentage("Percentage") / 100.0) - before.used());
        // the directories take inodes too; the count below is of every inode this fault takes
        long count = Math.min(wanted, before.free());
        if (count <= 0) {
            context.log()
                    .warn("[Chaos]: " + before.used() + " of " + before.total() + " inodes are in use already; "
                            + "nothing to fill");
            return planned;
        }
        if (count < wanted) {
            context.log()
                    .warn("[Chaos]: Only " + before.free() + " inodes are free; taking those instead of " + wanted);
        }
        context.log()
                .info(
                        "[Chaos]: Filling the filesystem's inodes",
                        Map.of(
                                "Directory",
                                directory.toString(),
                                "Inodes",
                                Long.toString(count),
                                "FreeBefore",
                                Long.toString(before.free())));
        long taken = fill(directory, count);
        context.log()
                .info("[Chaos]: Took " + taken + " inodes; " + Inodes.of(parent).free() + " are free now");
        return planned;
    }

    @Override
    public void revert(State state, FaultContext context) throws IOException {
        Path directory = Path.of(state.directory());
        if (!Files.exists(directory)) {
            return;
        }
        Files.walkFileTree(directory, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
                if (failure != null && !(failure instanceof NoSuchFileException)) {
                    throw failure;
                }
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
        context.log().info("[Chaos]: Deleted " + directory);
    }

    /** Creates {@code count} inodes (files and the directories holding them); stops early when none is left. */
    private static long fill(Path directory, long count) throws IOException {
        Files.createDirectory(directory);
        long taken = 1;
        Path current = directory;
        int inCurrent = FILES_PER_DIRECTORY;
        try {
            while (taken < count) {
                if (inCurrent == FILES_PER_DIRECTORY) {
                    current = Files.createDirectory(directory.resolve("d" + taken));
                    inCurrent = 0;
                } else {
                    Files.createFile(current.resolve("f" + inCurrent));
                    inCurrent++;
                }
                taken++;
            }
        } catch (IOException e) {
            if (!String.valueOf(e.getMessage()).contains("No space left")) {
                throw e;
            }
        }
        return taken;
    }

    /** The inode counts of the filesystem holding a path, as {@code stat -f} reports them. */
    record Inodes(long total, long free) {

        long used() {
            return total - free;
        }

        static Inodes of(Path path) throws IOException, InterruptedException {
            ProcessRunner.Result result =
                    ProcessRunner.run(List.of("stat", "-f", "-c", "%c %d", path.toString()), Duration.ofSeconds(10));
            if (!result.succeeded()) {
                throw new IOException("cannot read the inode counts of " + path + ": "
                        + result.stderr().strip());
            }
            String[] counts = result.stdout().strip().split(" ");
            Inodes inodes = new Inodes(Long.parseLong(counts[0]), Long.parseLong(counts[1]));
            if (inodes.total() == 0) {
                throw new IOException("the filesystem of " + path + " does not count inodes (btrfs and some others "
                        + "allocate them on demand); linux-fs-fill cannot fill it");
            }
            return inodes;
        }
    }
}
