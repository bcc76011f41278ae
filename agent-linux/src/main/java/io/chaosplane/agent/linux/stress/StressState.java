package io.chaosplane.agent.linux.stress;

import io.chaosplane.agent.linux.proc.ProcessIdentity;
import java.util.List;

/**
 * What reverting a stress fault needs: the stressor processes started (also found by the fault's marker argument
 * when a crash came before they were journaled) and, for IO stress, the directory of their files.
 */
public record StressState(List<ProcessIdentity> processes, String workDirectory) {

    public StressState {
        processes = List.copyOf(processes);
    }

    static StressState planned(String workDirectory) {
        return new StressState(List.of(), workDirectory);
    }
}
