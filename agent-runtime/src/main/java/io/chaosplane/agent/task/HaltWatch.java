package io.chaosplane.agent.task;

import io.chaosplane.protocol.linux.Halt;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The halts the control plane names in its poll and liveness answers. A halt heard for the first time ends the chaos
 * of every task this agent holds (each reverts its fault and reports Stopped); while any is named, tasks that still
 * arrive are refused the same way; once the answers name none, the agent takes tasks again.
 */
public final class HaltWatch {

    private static final System.Logger LOG = System.getLogger(HaltWatch.class.getName());

    private final RunningTasks running;
    private List<Halt> active = List.of();

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

    public synchronized boolean halted() {
        return !active.isEmpty();
    }

    private static String describe(List<Halt> halts) {
        return halts.stream()
                .map(halt -> "halt " + halt.haltID() + " of the " + halt.scope() + ": " + halt.reason())
                .collect(Collectors.joining("; "));
    }
}
