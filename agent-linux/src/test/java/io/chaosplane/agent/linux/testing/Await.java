package io.chaosplane.agent.linux.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waiting for the host to reach a state, with a limit. */
public final class Await {

    private Await() {}

    public static void until(BooleanSupplier condition, Duration within, String what) throws InterruptedException {
        long until = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("not within " + within + ": " + what);
            }
            Thread.sleep(20);
        }
    }
}
