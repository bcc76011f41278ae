package io.chaosplane.controlplane.halt;

import io.chaosplane.controlplane.run.RunPlan;
import io.chaosplane.controlplane.run.RunStartGate;
import io.chaosplane.service.web.ConflictException;
import org.springframework.stereotype.Component;

/**
 * Refuses a run while a halt covers its project or one of its infrastructures (409 naming the halt). It reads the
 * database, not the replica's copy in memory, so that a halt made a moment ago on another replica holds here too.
 */
@Component
class HaltGate implements RunStartGate {

    private final HaltStore store;

    HaltGate(HaltStore store) {
        this.store = store;
    }

    @Override
    public void check(String accountId, RunPlan plan) {
        store.lockToStart(accountId);
        store.blocking(accountId, plan).ifPresent(halt -> {
            throw new ConflictException("halt " + halt.id() + " (" + halt.scope() + ", by " + halt.createdBy() + ": "
                    + halt.reason() + ") is active; no run starts in its scope until it is lifted");
        });
    }
}
