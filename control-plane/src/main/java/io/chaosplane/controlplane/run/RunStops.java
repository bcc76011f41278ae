package io.chaosplane.controlplane.run;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Safety stops: of many runs at once, for a halt (every run not yet finished in a scope), or of one run whose stop
 * condition was breached. A stopped run ends {@link RunPhase#Stopped} with the reason; the agents holding its faults
 * are woken to revert them.
 */
@Service
public class RunStops {

    private final RunLedger ledger;
    private final RunProgress progress;
    private final RunReader reader;
    private final TaskWakeups wakeups;

    RunStops(RunLedger ledger, RunProgress progress, RunReader reader, TaskWakeups wakeups) {
        this.ledger = ledger;
        this.progress = progress;
        this.reader = reader;
        this.wakeups = wakeups;
    }

    /**
     * The runs as they are now, with their faults' phases, for a halt's progress: the runs that no longer exist are
     * left out. The caller has checked the right to read them.
     */
    @Transactional(readOnly = true)
    public List<RunViews.RunView> views(String accountId, List<UUID> runIds) {
        return runIds.stream()
                .map(runId -> reader.view(accountId, runId))
                .flatMap(java.util.Optional::stream)
                .toList();
    }

    /** Where to stop: the account's runs, narrowed by each part that is not {@code null}. */
    public record Scope(String organization, String project, String environment, UUID infrastructureId) {}

    /** What a stop did: the runs it stopped, and how many of their faults were in force (their agents revert them). */
    public record Stopped(List<UUID> runIds, int faultsReverting) {}

    /**
     * Stops every unfinished run of the scope that nobody is aborting already, each under its own lock, in the
     * caller's transaction (the caller has checked the right to).
     */
    @Transactional
    public Stopped stopAll(String accountId, Scope scope, String reason) {
        List<UUID> stopped = new ArrayList<>();
        int reverting = 0;
        for (UUID runId : ledger.unfinishedRuns(
                accountId, scope.organization(), scope.project(), scope.environment(), scope.infrastructureId())) {
            RunState state = ledger.lock(accountId, runId).orElse(null);
            if (state == null || state.run().phase().isFinished() || state.run().abortRequestedAt() != null) {
                continue; // finished or aborted since it was listed
            }
            reverting += progress.stop(accountId, state, reason);
            stopped.add(runId);
        }
        return new Stopped(List.copyOf(stopped), reverting);
    }

    /**
     * Stops one running run for a safety reason, in the caller's transaction, unless it is finished or being aborted
     * or stopped already. {@code cause} is the reason of the warning event written before the stop's own.
     *
     * @return whether this call stopped it
     */
    @Transactional
    public boolean stopOne(String accountId, UUID runId, String cause, String reason) {
        RunState state = ledger.lock(accountId, runId).orElse(null);
        if (state == null || state.run().phase().isFinished() || state.run().abortRequestedAt() != null) {
            return false;
        }
        progress.stop(accountId, state, cause, reason);
        return true;
    }

    /** Wakes the polls waiting in this replica to look again at the halts over their agents. */
    public void wakeWaitingPolls() {
        wakeups.wakeAllHere();
    }
}
