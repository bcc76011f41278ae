package io.chaosplane.agent.fault;

import io.chaosplane.protocol.ProtocolJson;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;

/** A fault the supervisor has injected (or is injecting) and not yet reverted. */
public final class ActiveFault {

    private final Fault<Object> fault;
    private final FaultRun run;
    private final FaultContext context;
    private final Instant injectedAt;
    private Object state;
    private boolean reverted;
    private ScheduledFuture<?> watchdog;

    @SuppressWarnings("unchecked")
    ActiveFault(Fault<?> fault, FaultRun run, FaultContext context, Instant injectedAt, Object plannedState) {
        // the state always comes from this fault's own plan or inject, so it has the fault's state type
        this.fault = (Fault<Object>) fault;
        this.run = run;
        this.context = context;
        this.injectedAt = injectedAt;
        this.state = plannedState;
    }

    public String faultId() {
        return context.faultId();
    }

    public String faultName() {
        return fault.name();
    }

    public FaultRun run() {
        return run;
    }

    /** When the watchdog reverts the fault if nothing else has. */
    public Instant deadline() {
        return context.deadline();
    }

    public synchronized boolean isReverted() {
        return reverted;
    }

    Fault<Object> fault() {
        return fault;
    }

    FaultContext context() {
        return context;
    }

    synchronized Object state() {
        return state;
    }

    synchronized void injected(Object injectedState) {
        this.state = injectedState;
    }

    synchronized void markReverted() {
        reverted = true;
        if (watchdog != null) {
            watchdog.cancel(false);
        }
    }

    synchronized void watchdog(ScheduledFuture<?> scheduled) {
        if (watchdog != null) {
            watchdog.cancel(false);
        }
        watchdog = scheduled;
    }

    synchronized JournalEntry journalEntry() {
        return new JournalEntry(
                faultId(),
                fault.name(),
                run.taskName(),
                run.lceUID(),
                injectedAt,
                deadline(),
                ProtocolJson.mapper().valueToTree(state));
    }

    @Override
    public String toString() {
        return fault.name() + " " + faultId() + " of task " + run.taskName();
    }
}
