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

    /** The infrastructure's wake-up count, read before checking the queue so that no wake-up is missed. */
    long generation(UUID infrastructureId);
}
