package io.chaosplane.jvmagent;

import java.util.ArrayList;
import java.util.List;

/** Faults that load the target JVM itself: busy threads, held heap, garbage collections. */
final class Stress {

    private static final long PERIOD_NANOS = 100_000_000L;
    private static final int CHUNK = 1 << 20;
    private static final int PAGE = 4096;
    private static final long STOP_WITHIN_MILLIS = 5_000;

    private Stress() {}

    /** {@code threads} threads, each busy for {@code load} percent of every 100 ms. */
    static ActiveFault cpu(String id, int threads, double load) {
        long busyNanos = (long) (PERIOD_NANOS * load / 100.0);
        return new Workers(id, "", threads, "chaosplane-cpu-" + id, () -> burn(busyNanos));
    }

    /**
     * Allocates and touches {@code bytes} of the target's heap and holds it; revert lets go of it and asks for a
     * collection, so that the heap is free again at once.
     */
    static ActiveFault memory(String id, long bytes) {
        Runtime runtime = Runtime.getRuntime();
        long headroom = runtime.maxMemory() - (runtime.totalMemory() - runtime.freeMemory());
        if (bytes > headroom * 9 / 10) {
            throw new IllegalArgumentException("the target's heap has room for about " + (headroom * 9 / 10 >> 20)
                    + " MiB more (maximum " + (runtime.maxMemory() >> 20) + " MiB); " + (bytes >> 20)
                    + " MiB would run it out of memory");
        }
        List<byte[]> held = new ArrayList<>();
        try {
            for (long left = bytes; left > 0; left -= CHUNK) {
                byte[] chunk = new byte[(int) Math.min(left, CHUNK)];
                for (int offset = 0; offset < chunk.length; offset += PAGE) {
                    chunk[offset] = 1;
                }
                held.add(chunk);
            }
        } catch (OutOfMemoryError e) {
            held.clear();
            throw new IllegalStateException(
                    "the target ran out of heap after " + (held.size() * (long) CHUNK >> 20) + " MiB; nothing is held");
        }
        return new ActiveFault(id, "") {
            @Override
            void undo() {
                held.clear();
                System.gc();
            }
        };
    }

    /** A garbage collection ({@link System#gc()}) every {@code intervalMillis}. */
    static ActiveFault garbageCollections(String id, long intervalMillis) {
        return new Workers(id, "", 1, "chaosplane-gc-" + id, () -> {
            while (!Thread.currentThread().isInterrupted()) {
                System.gc();
                try {
                    Thread.sleep(intervalMillis);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    private static void burn(long busyNanos) {
        long work = 0;
        while (!Thread.currentThread().isInterrupted()) {
            long periodStart = System.nanoTime();
            while (System.nanoTime() - periodStart < busyNanos) {
                work = work * 31 + periodStart;
            }
            long rest = PERIOD_NANOS - (System.nanoTime() - periodStart);
            if (rest > 0) {
                try {
                    Thread.sleep(rest / 1_000_000, (int) (rest % 1_000_000));
                } catch (InterruptedException e) {
                    return;
                }
            }
            if (work == 42) {
                // keeps the loop's work observable, so that the compiler cannot drop it
                Thread.yield();
            }
        }
    }

    /** Daemon threads that run until revert interrupts them. */
    private static final class Workers extends ActiveFault {

        private final List<Thread> threads = new ArrayList<>();

        Workers(String id, String note, int count, String name, Runnable work) {
            super(id, note);
            for (int i = 0; i < count; i++) {
                Thread thread = new Thread(work, name + "-" + i);
                thread.setDaemon(true);
                threads.add(thread);
            }
            threads.forEach(Thread::start);
        }

        @Override
        void undo() {
            threads.forEach(Thread::interrupt);
            long until = System.currentTimeMillis() + STOP_WITHIN_MILLIS;
            for (Thread thread : threads) {
                try {
                    thread.join(Math.max(1, until - System.currentTimeMillis()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
