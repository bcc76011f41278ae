package io.chaosplane.controlplane.run;

import java.util.Arrays;
import java.util.List;

/** Where one fault of a run is: waiting for its step, queued for its agent, running, or done in one of three ways. */
public enum FaultPhase {
    Pending,
    Queued,
    Running,
    Completed,
    Error,
    Stopped;

    public boolean isTerminal() {
        return this == Completed || this == Error || this == Stopped;
    }

    /**
     * Whether a fault in this phase may move to {@code next}. A waiting fault is queued when its step comes; a queued
     * one is taken by its agent (running), or waits again when its run is paused before that; a running one is
     * reverted for a pause (waiting again). Any fault not done may end, and a done fault stays done (one given up for
     * lost is the exception its row knows of: {@link FaultRow#accepts}).
     */
    public boolean canMoveTo(FaultPhase next) {
        if (isTerminal()) {
            return false;
        }
        return switch (next) {
            case Pending -> this != Pending;
            case Queued -> this == Pending;
            case Running -> this != Running;
            case Completed, Error, Stopped -> true;
        };
    }

    /** The phases from which a fault may move to {@code next}, for the writes that guard the move in SQL. */
    static List<String> from(FaultPhase next) {
        return Arrays.stream(values())
                .filter(phase -> phase.canMoveTo(next))
                .map(FaultPhase::name)
                .toList();
    }
}
