package io.chaosplane.agent.task;

import io.chaosplane.protocol.linux.Halt;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The halts the control plane names in its poll and liveness answers. A halt heard for the first time ends the chaos
 * of every task this agent holds (each reverts its fault and reports Stopped); while any is named, tasks that still
 * arrive are refused the same way; once the answers name none, the agent takes tasks again. The same answers carry
 * the infrastructure's kill switch ({@code chaosEnabled: false}), which is kept here alike: turned off, it ends every
 * held task's chaos and refuses every task, with its own reason, until an answer leaves it out again.
 */
public final class HaltWatch {

    private static final System.Logger LOG = System.getLogger(HaltWatch.class.getName());
    static final String DISABLED_REASON =
            "chaos is disabled on this infrastructure by the control plane (chaosEnabled is false)";

    private final RunningTasks running;
    private List<Halt> active = List.of();
    private boolean chaosEnabled = true;

    public HaltWatch(RunningTasks running) {
        this.running = running;
    }

    /** What an answer named: the halts in force now (empty when none, or from a control plane that knows none). */
    public synchronized void heard(List<Halt> halts) {
        List<Halt> before = active;
        active = List.copyOf(halts);
        boolean news = halts.stream().anyMatch(halt -> !before.contains(halt));
        if (news) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "halted ({0}): reverting every fault, taking no task until it is lifted",
                    describe(active));
            running.abortAll();
        } else if (halts.isEmpty() && !before.isEmpty()) {
            LOG.log(System.Logger.Level.INFO, "halt lifted ({0}): taking tasks again", describe(before));
        }
    }

    /** What an answer said: its halts, and whether the infrastructure's kill switch lets chaos run. */
    public synchronized void heard(List<Halt> halts, boolean enabled) {
        heard(halts);
        boolean before = chaosEnabled;
        chaosEnabled = enabled;
        if (before && !enabled) {
            LOG.log(System.Logger.Level.WARNING, "{0}: reverting every fault, refusing every task", DISABLED_REASON);
            running.refuseAll(DISABLED_REASON);
        } else if (!before && enabled) {
            LOG.log(System.Logger.Level.INFO, "chaos enabled again on this infrastructure: taking tasks again");
        }
    }

    /** Why the control plane's kill switch refuses tasks now; empty while chaos is enabled. */
    public synchronized Optional<String> disabledReason() {
        return chaosEnabled ? Optional.empty() : Optional.of(DISABLED_REASON);
    }

    public synchronized boolean halted() {
        return !active.isEmpty();
    }

    private static String describe(List<Halt> halts) {
        return halts.stream()
                .map(halt -> "halt " + halt.haltID() + " of the " + halt.scope() + ": " + halt.reason())
                .collect(Collectors.joining("; "));
    }
}
