package io.chaosplane.controlplane.run;

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
}
