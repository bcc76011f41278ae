package io.chaosplane.agent.task;

import io.chaosplane.protocol.catalog.FaultCatalog;
import io.chaosplane.protocol.linux.ChaosSpec;
import io.chaosplane.protocol.linux.Task;
import io.chaosplane.protocol.linux.TaskLimits;
import io.chaosplane.protocol.units.GoDuration;
import java.time.Duration;
import java.util.Optional;

/**
 * The agent's second look at a task: the limits it was planned under ({@link TaskLimits}: the project's policies when
 * the run started) against what the task would do, before anything is injected. A task whose chaos the server-side
 * checks should have refused (a check skipped, a row edited, a task forged or replayed from an older plan) is
 * refused here with the limit it breaks.
 */
final class PlannedLimits {

    private final FaultCatalog catalog;

    PlannedLimits(FaultCatalog catalog) {
        this.catalog = catalog;
    }

    /**
     * Why the task goes beyond its limits, or empty when it does not.
     *
     * @param held the faults this agent holds and has not stopped, this task included
     */
    Optional<String> exceeded(Task task, int held) {
        TaskLimits limits = task.plannedLimits();
        ChaosSpec chaos = task.chaos();
        if (limits.setsNone() || chaos == null) {
            return Optional.empty(); // a task without chaos is refused as invalid by its runner
        }
        if (limits.allowedFaults() != null && !limits.allowedFaults().contains(chaos.experiment())) {
            return Optional.of("task refused: fault " + chaos.experiment()
                    + " is not one its infrastructure's environment allowed when it was planned "
                    + limits.allowedFaults());
        }
        if (limits.maxDurationSeconds() != null) {
            Optional<Duration> duration = duration(chaos);
            if (duration.isPresent() && duration.get().toSeconds() > limits.maxDurationSeconds()) {
                return Optional.of("task refused: it lasts " + GoDuration.format(duration.get()) + ", more than the "
                        + GoDuration.format(Duration.ofSeconds(limits.maxDurationSeconds()))
                        + " its policies allowed when it was planned");
            }
        }
        if (limits.maxConcurrentFaults() != null && held > limits.maxConcurrentFaults()) {
            return Optional.of("task refused: this agent would hold " + held + " faults at once, more than the "
                    + limits.maxConcurrentFaults() + " its policies allowed when it was planned");
        }
        return Optional.empty();
    }

    /** The chaos's duration as its runner would resolve it; empty for chaos its runner refuses as invalid anyway. */
    private Optional<Duration> duration(ChaosSpec chaos) {
        if (!catalog.validate(chaos).isEmpty()) {
            return Optional.empty();
        }
        try {
            return catalog.resolve(chaos.experiment(), chaos.inputs()).chaosDuration();
        } catch (RuntimeException invalid) {
            return Optional.empty();
        }
    }
}
