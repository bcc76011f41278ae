package io.chaosplane.discovery;

import com.cronutils.model.Cron;
import com.cronutils.model.time.ExecutionTime;
import io.chaosplane.discovery.upload.Uploader;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * Runs the collection at every time of the cron expression (UTC), the next tick after the last one ended: a cycle
 * longer than the interval skips ticks rather than piling up. A failing cycle is logged; the next tick tries again.
 */
final class CronLoop {

    private static final System.Logger LOG = System.getLogger(CronLoop.class.getName());

    private final ExecutionTime times;
    private final Collection collection;
    private final Clock clock;
    private final Uploader.Sleeper sleeper;

    CronLoop(Cron cron, Collection collection, Clock clock, Uploader.Sleeper sleeper) {
        this.times = ExecutionTime.forCron(cron);
        this.collection = collection;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /** The wait until the next tick after now; empty when the expression has no future time. */
    Optional<Duration> untilNext() {
        ZonedDateTime now = ZonedDateTime.now(clock);
        return times.nextExecution(now).map(next -> Duration.between(now, next));
    }

    void run() throws InterruptedException {
        while (!Thread.currentThread().isInterrupted()) {
            Optional<Duration> wait = untilNext();
            if (wait.isEmpty()) {
                LOG.log(System.Logger.Level.ERROR, "the cron expression has no next time; stopping");
                return;
            }
            LOG.log(
                    System.Logger.Level.INFO,
                    "next collection in {0} s",
                    wait.get().toSeconds());
            sleeper.sleep(wait.get());
            runOnce(collection);
        }
    }

    static boolean runOnce(Collection collection) throws InterruptedException {
        try {
            return collection.run();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "collection failed: " + e, e);
            return false;
        }
    }
}
