package io.chaosplane.controlplane.run;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The polls waiting in this replica, per infrastructure. A poll reads the generation, checks the queue, then waits
 * for a newer generation: a wake-up between the check and the wait is not lost.
 */
final class LocalWaiters {

    private static final class Signal {
        final ReentrantLock lock = new ReentrantLock();
        final Condition changed = lock.newCondition();
        long generation;
        int waiting;

        Signal(long generation) {
            this.generation = generation;
        }
    }

    private final Map<UUID, Signal> signals = new ConcurrentHashMap<>();
    // Generations come from one sequence, so a signal made anew never repeats a generation a poll read from the
    // signal it replaced: such a poll wakes at once and re-checks, rather than missing a wake-up.
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicInteger waiting = new AtomicInteger();
    private volatile boolean released;

    long generation(UUID infrastructureId) {
        Signal signal = signals.computeIfAbsent(infrastructureId, id -> new Signal(sequence.incrementAndGet()));
        signal.lock.lock();
        try {
            return signal.generation;
        } finally {
            signal.lock.unlock();
        }
    }

    void wake(UUID infrastructureId) {
        Signal signal = signals.get(infrastructureId);
        if (signal == null) {
            return;
        }
        signal.lock.lock();
        try {
            signal.generation = sequence.incrementAndGet();
            signal.changed.signalAll();
        } finally {
            signal.lock.unlock();
        }
    }

    void wakeAll() {
        signals.keySet().forEach(this::wake);
    }

    /** Ends every wait, now and from now on: the replica is stopping and its polls should answer at once. */
    void releaseAll() {
        released = true;
        wakeAll();
    }

    /** The polls waiting now, over all infrastructures. */
    int waiting() {
        return waiting.get();
    }

    boolean released() {
        return released;
    }

    boolean await(UUID infrastructureId, long sinceGeneration, Duration max) throws InterruptedException {
        Signal signal = signals.computeIfAbsent(infrastructureId, id -> new Signal(sequence.incrementAndGet()));
        long nanos = max.toNanos();
        signal.lock.lock();
        try {
            signal.waiting++;
            waiting.incrementAndGet();
            while (signal.generation == sinceGeneration && !released) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = signal.changed.awaitNanos(nanos);
            }
            return true;
        } finally {
            signal.waiting--;
            waiting.decrementAndGet();
            if (signal.waiting == 0) {
                // Keep the map small: an idle infrastructure's signal is dropped; a new poll makes a new one.
                signals.remove(infrastructureId, signal);
            }
            signal.lock.unlock();
        }
    }
}
