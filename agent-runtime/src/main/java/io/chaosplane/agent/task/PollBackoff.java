package io.chaosplane.agent.task;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;

/**
 * How long the task loop waits before its next poll.
 * <ul>
 *   <li>After tasks: not at all, and both backoffs start over.</li>
 *   <li>After an empty answer the control plane held for (most of) the long-poll wait: not at all.</li>
 *   <li>After an empty answer that came back at once (a control plane that does not long-poll): 1s, 2s, 4s...
 *       up to the idle cap, until tasks come.</li>
 *   <li>After an error: 1s, 2s, 4s... up to the error cap, until a poll succeeds.</li>
 * </ul>
 * Waits are spread by a jitter so that a fleet cut off together does not come back in step.
 */
final class PollBackoff {

    private final Duration pollWait;
    private final Duration first;
    private final Duration idleCap;
    private final Duration errorCap;
    private final UnaryOperator<Duration> jitter;
    private int idleStreak;
    private int errorStreak;

    PollBackoff(
            Duration pollWait, Duration first, Duration idleCap, Duration errorCap, UnaryOperator<Duration> jitter) {
        this.pollWait = pollWait;
        this.first = first;
        this.idleCap = idleCap;
        this.errorCap = errorCap;
        this.jitter = jitter;
    }

    static PollBackoff standard(Duration pollWait) {
        return new PollBackoff(
                pollWait, Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofSeconds(60), PollBackoff::spread);
    }

    Duration afterTasks() {
        idleStreak = 0;
        errorStreak = 0;
        return Duration.ZERO;
    }

    Duration afterEmpty(Duration pollTook) {
        errorStreak = 0;
        if (pollTook.compareTo(pollWait.dividedBy(2)) >= 0) {
            return Duration.ZERO;
        }
        return jitter.apply(grown(++idleStreak, idleCap));
    }

    Duration afterError() {
        return jitter.apply(grown(++errorStreak, errorCap));
    }

    private Duration grown(int streak, Duration cap) {
        Duration grown = first.multipliedBy(1L << Math.min(streak - 1, 30));
        return grown.compareTo(cap) > 0 ? cap : grown;
    }

    /** Plus or minus 20%. */
    private static Duration spread(Duration duration) {
        return Duration.ofMillis(
                (long) (duration.toMillis() * ThreadLocalRandom.current().nextDouble(0.8, 1.2)));
    }
}
