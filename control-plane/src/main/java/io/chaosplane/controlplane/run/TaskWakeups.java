package io.chaosplane.controlplane.run;

import java.time.Duration;
import java.util.UUID;

/**
 * Wakes task polls waiting for an infrastructure. A hint, never the delivery: a waiting poll also re-checks the
 * queue by itself, so a lost wake-up costs latency, not a task.
 */
interface TaskWakeups {

    /** Something changed for the infrastructure's agent (a task queued, an abort); call after the commit. */
    void changed(UUID infrastructureId);

    /**
     * Waits until the infrastructure's queue may have changed, or the time is up.
     *
     * @return whether woken before the time was up
     */
    boolean await(UUID infrastructureId, long sinceGeneration, Duration max) throws InterruptedException;

    /**
     * Ends the waiting polls and makes later ones return at once, so that a stopping replica's graceful shutdown
     * does not wait out every agent's long poll; the agents poll again and reach another replica.
     */
    void release();

    /** Whether {@link #release()} was called: a poll then answers what it has instead of waiting. */
    boolean released();

    /**
     * Wakes every poll waiting in this replica, so that each looks again at what concerns its agent (a halt made or
     * lifted, learnt by every replica through its own notification).
     */
    void wakeAllHere();

    /** The infrastructure's wake-up count, read before checking the queue so that no wake-up is missed. */
    long generation(UUID infrastructureId);
}
