package io.chaosplane.logservice.wakeup;

import java.time.Duration;
import java.util.Collection;

/**
 * Wakes tails when their stream has news (new lines, or closed). A hint only: a tail re-reads the database after a
 * wake-up and on its own every few seconds, so a lost hint costs latency, never lines.
 */
public interface StreamWakeups {

    /** Tells watchers on this replica and, where the transport allows, on the others. Call after the commit. */
    void announce(Collection<Long> streamIds);

    /** Starts watching a stream; close the watch when done. */
    Watch watch(long streamId);

    interface Watch extends AutoCloseable {

        /** Waits until the stream has news or the timeout passes; answers whether there was news. */
        boolean await(Duration timeout) throws InterruptedException;

        @Override
        void close();
    }
}
