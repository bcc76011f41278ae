package io.chaosplane.controlplane.run;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * At most one send per key per window, timed from the key's last send: the first change after a quiet window goes
 * at once; later ones inside the window are merged into one send, made exactly when the window ends (not at the next
 * tick of a fixed-delay sweep, which would add up to a whole window to a wake-up's latency).
 */
final class MergeWindow {

    /** Runs a task after a delay, in nanoseconds. */
    interface Timer {
        void schedule(Runnable task, long delayNanos);
    }

    /** Counts what happened to each change. */
    interface Counts {
        void sent();

        void merged();
    }

    /** The key's last send and whether a merged send is already booked for the end of its window. */
    private record Slot(long sentAt, boolean booked) {}

    private enum Decision {
        SEND,
        BOOK,
        MERGED
    }

    private final Map<UUID, Slot> slots = new ConcurrentHashMap<>();
    private final long windowNanos;
    private final LongSupplier nanoTime;
    private final Timer timer;
    private final Consumer<UUID> send;
    private final Counts counts;

    MergeWindow(Duration window, LongSupplier nanoTime, Timer timer, Consumer<UUID> send, Counts counts) {
        this.windowNanos = window.toNanos();
        this.nanoTime = nanoTime;
        this.timer = timer;
        this.send = send;
        this.counts = counts;
    }

    void changed(UUID key) {
        long now = nanoTime.getAsLong();
        Decision[] decision = new Decision[1];
        Slot slot = slots.compute(key, (k, last) -> {
            if (last == null || !last.booked() && now - last.sentAt() >= windowNanos) {
                decision[0] = Decision.SEND;
                return new Slot(now, false);
            }
            decision[0] = last.booked() ? Decision.MERGED : Decision.BOOK;
            return new Slot(last.sentAt(), true);
        });
        switch (decision[0]) {
            case SEND -> {
                counts.sent();
                send.accept(key);
            }
            case BOOK -> {
                counts.merged();
                timer.schedule(() -> windowEnded(key), Math.max(0, slot.sentAt() + windowNanos - now));
            }
            case MERGED -> counts.merged();
        }
    }

    /** Sends what was merged during the key's window; the next window starts now. */
    private void windowEnded(UUID key) {
        long now = nanoTime.getAsLong();
        slots.put(key, new Slot(now, false));
        counts.sent();
        send.accept(key);
    }

    /** Forgets keys whose window has passed with nothing booked: to them, the next change goes at once anyway. */
    void forgetQuiet() {
        long now = nanoTime.getAsLong();
        slots.entrySet()
                .removeIf(entry ->
                        !entry.getValue().booked() && now - entry.getValue().sentAt() >= windowNanos);
    }

    int tracked() {
        return slots.size();
    }
}
