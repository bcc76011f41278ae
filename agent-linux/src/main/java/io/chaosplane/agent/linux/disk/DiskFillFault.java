package io.chaosplane.agent.linux.disk;

import io.chaosplane.agent.fault.Fault;
import io.chaosplane.agent.fault.FaultContext;
import io.chaosplane.agent.process.ProcessRunner;
import io.chaosplane.protocol.catalog.FaultInputs;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code linux-disk-fill}: one file under Path that takes the given size, or share of the filesystem (capped by what is
 * free). Its blocks are allocated with {@code fallocate}, or written where the filesystem cannot allocate, so the space
 * is really taken. Revert deletes that file.
 */
public final class DiskFillFault implements Fault<DiskFillFault.State> {

    /** The file this fault creates. */
    public record State(String file) {}

    private static final int BLOCK = 4 << 20;

    @Override
    public String name() {
        return "linux-disk-fill";
    }

    @Override
    public Class<State> stateType() {
        return State.class;
    }

    @Override
    public State plan(FaultInputs inputs, FaultContext context) {
        return new State(Path.of(inputs.string("Path"), "chaosplane-fill-" + context.faultId() + ".dat")
                .toString());
    }

    @Override
    public State inject(FaultInputs inputs, State planned, FaultContext context) throws Exception {
        Path file = Path.of(planned.file());
        if (!Files.isDirectory(file.getParent())) {
            throw new IOException(file.getParent() + " is not a directory");
        }
        FileStore store = Files.getFileStore(file.getParent());
        long wanted = inputs.optionalSize("Size").map(size -> size.bytes()).orElseGet(() ->
                (long) (totalSpace(store) * inputs.percentage("Percentage") / 100.0));
        long free = store.getUsableSpace();
        long bytes = Math.min(wanted, free);
        if (bytes < wanted) {
            context.log().warn("[Chaos]: Only " + free + " bytes are free; filling those instead of " + wanted);
        }
        context.log()
                .info(
                        "[Chaos]: Filling the disk",
                        Map.of(
                                "File",
                                file.toString(),
                                "Bytes",
                                Long.toString(bytes),
                                "FreeBefore",
                                Long.toString(free)));
        if (!allocate(file, bytes)) {
            write(file, bytes);
        }
        context.log().info("[Chaos]: Free space now " + store.getUsableSpace() + " bytes");
        return planned;
    }

    @Override
    public void revert(State state, FaultContext context) throws IOException {
        Files.deleteIfExists(Path.of(state.file()));
    }

    private static long totalSpace(FileStore store) {
        try {
            return store.getTotalSpace();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the size of " + store, e);
        }
    }

    /** Allocates the blocks in one call; false where the filesystem does not support it. */
    private static boolean allocate(Path file, long bytes) throws IOException, InterruptedException {
        ProcessRunner.Result result = ProcessRunner.run(
                List.of("fallocate", "-l", Long.toString(bytes), file.toString()), Duration.ofMinutes(5));
        if (!result.succeeded()) {
            Files.deleteIfExists(file);
        }
        return result.succeeded();
    }

    private static void write(Path file, long bytes) throws IOException {
        ByteBuffer zeros = ByteBuffer.allocateDirect(BLOCK);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (long written = 0; written < bytes; ) {
                zeros.clear().limit((int) Math.min(BLOCK, bytes - written));
                written += channel.write(zeros);
            }
            channel.force(false);
        }
    }
}
