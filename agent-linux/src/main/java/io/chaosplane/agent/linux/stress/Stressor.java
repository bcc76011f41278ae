package io.chaosplane.agent.linux.stress;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The child process that does a stress fault's work, so that the agent's own heap and threads stay small and a revert
 * is as simple as killing it. It prints {@code ready} once the stress is in force and exits by itself at its deadline
 * (the fault's duration plus the grace period), even if the agent never comes back to revert it.
 *
 * <pre>
 * Stressor --chaosplane-fault=ID --until=EPOCH_MILLIS cpu LOAD_PERCENT WORKERS
 * Stressor --chaosplane-fault=ID --until=EPOCH_MILLIS memory BYTES
 * Stressor --chaosplane-fault=ID --until=EPOCH_MILLIS io DIRECTORY WORKERS BYTES_PER_WORKER
 * </pre>
 * Only the JDK is used here: this class runs from the agent's jar with a tiny heap.
 */
public final class Stressor {

    static final String READY = "ready";
    private static final long PERIOD_NANOS = 100_000_000L;
    private static final int PAGE = 4096;
    private static final int IO_BLOCK = 1 << 20;

    private Stressor() {}

    public static void main(String[] args) throws InterruptedException {
        long until = Long.parseLong(args[1].substring("--until=".length()));
        List<Object> held = new ArrayList<>();
        switch (args[2]) {
            case "cpu" ->
                startWorkers(Integer.parseInt(args[4]), worker -> new Burner(Double.parseDouble(args[3])).run());
            case "memory" -> held.addAll(allocate(Long.parseLong(args[3])));
            case "io" ->
                startWorkers(
                        Integer.parseInt(args[4]),
                        worker -> writeAndRead(
                                Path.of(args[3]).resolve("worker-" + worker + ".dat"), Long.parseLong(args[5])));
            default -> throw new IllegalArgumentException("unknown stress " + args[2]);
        }
        System.out.println(READY);
        System.out.flush();
        long left;
        while ((left = until - System.currentTimeMillis()) > 0) {
            Thread.sleep(Math.min(left, 1000));
        }
        // the memory stress must stay allocated until the deadline
        Reference.reachabilityFence(held);
        System.exit(0);
    }

    private interface Worker {
        void run(int worker) throws IOException;
    }

    private static void startWorkers(int count, Worker work) {
        for (int i = 0; i < count; i++) {
            int worker = i;
            Thread thread = new Thread(
                    () -> {
                        try {
                            work.run(worker);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    },
                    "stress-" + i);
            thread.setDaemon(true);
            thread.start();
        }
    }

    /** Busy for {@code load} percent of every 100 ms, asleep for the rest. */
    private static final class Burner {

        private final long busyNanos;
        /** Work results go here so that the busy loop cannot be optimised away. */
        private volatile long sink;

        Burner(double load) {
            this.busyNanos = (long) (PERIOD_NANOS * load / 100.0);
        }

        void run() {
            long work = 0;
            while (true) {
                long periodStart = System.nanoTime();
                while (System.nanoTime() - periodStart < busyNanos) {
                    work = work * 31 + periodStart;
                }
                sink = work;
                long rest = PERIOD_NANOS - (System.nanoTime() - periodStart);
                if (rest > 0) {
                    try {
                        Thread.sleep(rest / 1_000_000, (int) (rest % 1_000_000));
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }
    }

    /** Allocates outside the heap and writes every page, so that the memory is resident, not just reserved. */
    private static List<ByteBuffer> allocate(long bytes) {
        List<ByteBuffer> chunks = new ArrayList<>();
        for (long left = bytes; left > 0; ) {
            int size = (int) Math.min(left, 64L << 20);
            ByteBuffer chunk = ByteBuffer.allocateDirect(size);
            for (int offset = 0; offset < size; offset += PAGE) {
                chunk.put(offset, (byte) 1);
            }
            chunks.add(chunk);
            left -= size;
        }
        return chunks;
    }

    /** Writes {@code bytes} to the file, syncs it, reads it back, and starts over. */
    private static void writeAndRead(Path file, long bytes) throws IOException {
        ByteBuffer block = ByteBuffer.allocateDirect(IO_BLOCK);
        for (int i = 0; i < IO_BLOCK; i += 8) {
            block.putLong(i, i * 0x9E3779B97F4A7C15L);
        }
        try (FileChannel channel =
                FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            while (true) {
                channel.position(0);
                for (long written = 0; written < bytes; ) {
                    block.clear().limit((int) Math.min(IO_BLOCK, bytes - written));
                    written += channel.write(block);
                }
                channel.force(false);
                channel.position(0);
                for (long read = 0; read < bytes; ) {
                    block.clear().limit((int) Math.min(IO_BLOCK, bytes - read));
                    int n = channel.read(block);
                    if (n < 0) {
                        break;
                    }
                    read += n;
                }
            }
        }
    }
}
