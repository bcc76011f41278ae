package io.chaosplane.testsupport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Real time, moved by tests that need a key or a token to expire, a rate-limit window to pass or a stream to be old.
 * The services work in UTC.
 */
public class TestClock extends Clock {

    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

    /** Moves the clock by {@code duration} (backwards when negative), on top of earlier moves. */
    public void advance(Duration duration) {
        offset.updateAndGet(current -> current.plus(duration));
    }

    /** Back to real time. */
    public void reset() {
        offset.set(Duration.ZERO);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the services work in UTC");
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset.get());
    }
}
