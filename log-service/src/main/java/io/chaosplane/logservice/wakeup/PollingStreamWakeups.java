package io.chaosplane.logservice.wakeup;

import java.util.Collection;

/** Wakes tails of this replica only; other replicas' tails rely on their periodic re-check. */
final class PollingStreamWakeups implements StreamWakeups {

    private final LocalWatches watches = new LocalWatches();

    @Override
    public void announce(Collection<Long> streamIds) {
        watches.wake(streamIds);
    }

    @Override
    public Watch watch(long streamId) {
        return watches.watch(streamId);
    }
}
