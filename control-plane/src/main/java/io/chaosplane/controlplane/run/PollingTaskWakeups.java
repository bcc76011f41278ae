package io.chaosplane.controlplane.run;

import java.time.Duration;
import java.util.UUID;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;

/**
 * Wake-ups within one replica only; polls on other replicas find new tasks by re-checking their queue. For a
 * single replica, or where LISTEN is not available (behind a transaction-mode connection pooler).
 */
class PollingTaskWakeups implements TaskWakeups {

    final LocalWaiters waiters = new LocalWaiters();

    @Override
    public void changed(UUID infrastructureId) {
        waiters.wake(infrastructureId);
    }

    @Override
    public void wakeAllHere() {
        waiters.wakeAll();
    }

    @Override
    public long generation(UUID infrastructureId) {
        return waiters.generation(infrastructureId);
    }

    /**
     * On the context's close, which comes before the web server's graceful shutdown: otherwise that shutdown would
     * wait out each agent's poll (up to a minute).
     */
    @Override
    @EventListener(ContextClosedEvent.class)
    public void release() {
        waiters.releaseAll();
    }

    @Override
    public boolean released() {
        return waiters.released();
    }

    /** How many polls wait in this replica now. */
    int waitingPolls() {
        return waiters.waiting();
    }

    @Override
    public boolean await(UUID infrastructureId, long sinceGeneration, Duration max) throws InterruptedException {
        return waiters.await(infrastructureId, sinceGeneration, max);
    }
}
