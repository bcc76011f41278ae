package io.chaosplane.logservice.wakeup;

import java.time.Duration;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/** The watches of this replica, by stream. A wake-up before the watcher waits is kept, never lost. */
final class LocalWatches {

    private final ConcurrentHashMap<Long, Set<LocalWatch>> byStream = new ConcurrentHashMap<>();

    StreamWakeups.Watch watch(long streamId) {
        LocalWatch watch = new LocalWatch(streamId);
        byStream.compute(streamId, (id, watches) -> {
            Set<LocalWatch> set = watches != null ? watches : ConcurrentHashMap.newKeySet();
            set.add(watch);
            return set;
        });
        return watch;
    }

    void wake(Collection<Long> streamIds) {
        for (Long id : streamIds) {
            Set<LocalWatch> watches = byStream.get(id);
            if (watches != null) {
                watches.forEach(LocalWatch::wake);
            }
        }
    }

    /** After a lost connection to the notification source: everyone re-reads, since news may have been missed. */
    void wakeAll() {
        byStream.values().forEach(watches -> watches.forEach(LocalWatch::wake));
    }

    private final class LocalWatch implements StreamWakeups.Watch {

        private final long streamId;
        private final Semaphore news = new Semaphore(0);

        LocalWatch(long streamId) {
            this.streamId = streamId;
        }

        void wake() {
            if (news.availablePermits() == 0) {
                news.release();
            }
        }

        @Override
        public boolean await(Duration timeout) throws InterruptedException {
            boolean woken = news.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS);
            news.drainPermits();
            return woken;
        }

        @Override
        public void close() {
            byStream.computeIfPresent(streamId, (id, watches) -> {
                watches.remove(this);
                return watches.isEmpty() ? null : watches;
            });
        }
    }
}
