package io.chaosplane.agent.linux.process;

import io.chaosplane.agent.fault.Fault;
import io.chaosplane.agent.fault.FaultContext;
import io.chaosplane.agent.linux.proc.ProcessIdentity;
import io.chaosplane.agent.linux.proc.Procfs;
import io.chaosplane.agent.linux.proc.Signals;
import io.chaosplane.protocol.catalog.FaultInputs;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code linux-process-stop}: freezes the processes chosen by name, id or command-line pattern with {@code SIGSTOP}
 * for the duration; revert resumes them with {@code SIGCONT}. The targets are chosen when the fault is planned, so the
 * journal holds every process inject may stop: a crash between the two never leaves a process frozen, and
 * {@code SIGCONT} to one that was not stopped does nothing. A process is named by its id and start time, so a restarted
 * agent never resumes a stranger that took over the id. Init, the agent itself and its ancestors are never stopped.
 */
public final class ProcessStopFault implements Fault<ProcessStopFault.State> {

    /** The processes this fault stops and resumes. */
    public record State(List<ProcessIdentity> targets) {

        public State {
            targets = List.copyOf(targets);
        }
    }

    @Override
    public String name() {
        return "linux-process-stop";
    }

    @Override
    public Class<State> stateType() {
        return State.class;
    }

    @Override
    public State plan(FaultInputs inputs, FaultContext context) throws IOException {
        Set<Long> protectedPids = Procfs.protectedPids();
        Optional<Long> pid = inputs.optionalInteger("PID");
        if (pid.isPresent()) {
            if (protectedPids.contains(pid.get())) {
                throw new IOException("refusing to stop process " + pid.get() + ": it is init, the agent itself or "
                        + "one of its ancestors");
            }
            return new State(List.of(ProcessIdentity.of(pid.get())
                    .orElseThrow(() -> new IOException("no process " + pid.get() + " is running"))));
        }
        Optional<String> name = inputs.optionalString("ProcessName");
        List<ProcessIdentity> found;
        String chosenBy;
        if (name.isPresent()) {
            found = Procfs.withName(name.get());
            chosenBy = "named " + name.get();
        } else {
            String pattern = inputs.string("CommandPattern");
            found = Procfs.withCommandLineMatching(compile(pattern));
            chosenBy = "with a command line matching " + pattern;
        }
        List<ProcessIdentity> targets = found.stream()
                .filter(process -> !protectedPids.contains(process.pid()))
                .toList();
        if (targets.isEmpty()) {
            throw new IOException("no process " + chosenBy + " is running");
        }
        return new State(targets);
    }

    @Override
    public State inject(FaultInputs inputs, State planned, FaultContext context) throws Exception {
        for (ProcessIdentity target : planned.targets()) {
            if (Signals.send(target, "SIGSTOP")) {
                context.log().info("[Chaos]: Stopped process " + target.pid());
            } else {
                context.log().warn("[Chaos]: Process " + target.pid() + " ended before it could be stopped");
            }
        }
        return planned;
    }

    @Override
    public void revert(State state, FaultContext context) throws Exception {
        for (ProcessIdentity target : state.targets()) {
            if (Signals.send(target, "SIGCONT")) {
                context.log().info("[Chaos]: Resumed process " + target.pid());
            }
        }
    }

    private static Pattern compile(String pattern) throws IOException {
        try {
            return Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            throw new IOException("CommandPattern is no regular expression: " + e.getDescription(), e);
        }
    }
}
