package io.chaosplane.testsupport;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Waits for something the system does in the background (after a commit, on a tick). */
public final class Await {

    private Await() {}

    public static <T> T until(String what, Supplier<T> probe, Predicate<T> done) {
        return until(what, Duration.ofSeconds(20), probe, done);
    }

    public static <T> T until(String what, Duration patience, Supplier<T> probe, Predicate<T> done) {
        long deadline = System.nanoTime() + patience.toNanos();
        T last = null;
        while (System.nanoTime() < deadline) {
            last = probe.get();
            if (done.test(last)) {
                return last;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting until " + what);
            }
        }
        throw new AssertionError("timed out waiting until " + what + "; last seen: " + last);
    }
}
