package io.chaosplane.controlplane.run;

import io.chaosplane.controlplane.event.Events;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A run and all its faults as read in one statement (under the run's lock, for a change), kept in step with what
 * the change writes, so that deciding what comes next needs no second read.
 */
final class RunState {

    private RunRow run;
    private final List<FaultRow> faults;
    private final List<Events.Entry> events = new ArrayList<>();

    RunState(RunRow run, List<FaultRow> faults) {
        this.run = run;
        this.faults = new ArrayList<>(faults);
    }

    RunRow run() {
        return run;
    }

    /** The run's faults in step order. */
    List<FaultRow> faults() {
        return List.copyOf(faults);
    }

    Optional<FaultRow> faultByTask(String taskName) {
        return faults.stream().filter(f -> f.taskName().equals(taskName)).findFirst();
    }

    Optional<FaultRow> fault(UUID id) {
        return faults.stream().filter(f -> f.id().equals(id)).findFirst();
    }

    Optional<FaultRow> faultNamed(String name) {
        return faults.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    /** The fault whose task carries a whole run: its first. */
    FaultRow carrier() {
        return faults.getFirst();
    }

    void update(FaultRow fault) {
        for (int i = 0; i < faults.size(); i++) {
            if (faults.get(i).id().equals(fault.id())) {
                faults.set(i, fault);
                return;
            }
        }
        throw new IllegalArgumentException("fault " + fault.id() + " is not of run " + run.id());
    }

    void update(RunRow moved) {
        this.run = moved;
    }

    /** An event of the change under way, written with the others at its end. */
    void note(Events.Entry event) {
        events.add(event);
    }

    /** The events noted since last taken. */
    List<Events.Entry> takeEvents() {
        List<Events.Entry> taken = List.copyOf(events);
        events.clear();
        return taken;
    }

    boolean currentStepDone() {
        return faults.stream()
                .filter(fault -> fault.step() == run.currentStep())
                .allMatch(fault -> fault.phase().isTerminal());
    }

    int lastStep() {
        return faults.stream().mapToInt(FaultRow::step).max().orElse(0);
    }

    /** Whether a fault still waits or is queued: one that will never run, once the run ends. */
    boolean anyUnstarted() {
        return faults.stream()
                .anyMatch(fault -> fault.phase() == FaultPhase.Pending || fault.phase() == FaultPhase.Queued);
    }

    boolean anyErrored() {
        return faults.stream().anyMatch(fault -> fault.phase() == FaultPhase.Error);
    }

    Tally tally() {
        return Tally.of(faults);
    }
}
