package io.chaosplane.agent.linux.check;

import io.chaosplane.agent.fault.Fault;
import io.chaosplane.agent.fault.FaultContext;
import io.chaosplane.protocol.catalog.FaultInputs;

/**
 * {@code linux-status-check}: changes nothing on the host, so that a task's probes alone decide its verdict. A
 * workflow's status check runs as this fault, where the system it checks is reachable.
 */
public final class StatusCheckFault implements Fault<StatusCheckFault.State> {

    /** Nothing to revert. */
    public record State() {}

    @Override
    public String name() {
        return "linux-status-check";
    }

    @Override
    public Class<State> stateType() {
        return State.class;
    }

    @Override
    public State plan(FaultInputs inputs, FaultContext context) {
        return new State();
    }

    @Override
    public State inject(FaultInputs inputs, State planned, FaultContext context) {
        return planned;
    }

    @Override
    public void revert(State state, FaultContext context) {
        // nothing was changed
    }
}
