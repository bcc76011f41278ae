package io.chaosplane.agent.linux.process;

import io.chaosplane.agent.fault.Fault;
import io.chaosplane.agent.fault.FaultContext;
import io.chaosplane.agent.linux.proc.ProcessIdentity;
import io.chaosplane.agent.linux.proc.Procfs;
import io.chaosplane.agent.linux.proc.Signals;
import io.chaosplane.protocol.catalog.FaultInputs;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code linux-process-kill}: sends a signal to the processes named (or the one process id given); with a Duration,
 * keeps sending it to processes of that name that start again. Init, the agent itself and its ancestors are never
 * signalled. Revert stops the watching and resumes processes it stopped with {@code SIGSTOP}.
 */
public final class ProcessKillFault implements Fault<ProcessKillFault.State> {

    /** The signal sent and, for {@code SIGSTOP}, the processes to resume at revert. */
    public record State(String signal, List<ProcessIdentity> stopped) {

        public State {
            stopped = List.copyOf(stopped);
        }
    }

    private static final Duration WATCH_INTERVAL = Duration.ofMillis(100);

    /** Watches of faults with a Duration, by fault id; a watch lives only as long as the agent that started it. */
    private final Map<String, Watch> watches = new ConcurrentHashMap<>();

    /** A watch for restarted processes, and every process it has signalled. */
    private record Watch(Thread thread, Set<ProcessIdentity> signalled) {}

    @Override
    public String name() {
        return "linux-process-kill";
    }

    @Override
    public Class<State> stateType() {
        return State.class;
    }

    @Override
    public State plan(FaultInputs inputs, FaultContext context) {
        return new State(inputs.string("Signal"), List.of());
    }

    @Override
    public State inject(FaultInputs inputs, State planned, FaultContext context) throws Exception {
        Set<Long> protectedPids = Procfs.protectedPids();
        Optional<String> name = inputs.optionalString("ProcessName");
        List<ProcessIdentity> targets;
        if (name.isPresent()) {
            targets = Procfs.withName(name.get()).stream()
                    .filter(p -> !protectedPids.contains(p.pid()))
                    .toList();
            if (targets.isEmpty()) {
                throw new IOException("no process named " + name.get() + " is running");
            }
        } else {
            long pid = inputs.integer("PID");
            if (protectedPids.contains(pid)) {
                throw new IOException("refusing to signal process " + pid + ": it is init, the agent itself or "
                        + "one of its ancestors");
            }
            targets = List.of(
                    ProcessIdentity.of(pid).orElseThrow(() -> new IOException("no process " + pid + " is running")));
        }
        List<ProcessIdentity> signalled = signal(targets, planned.signal(), context);
        State injected = new State(planned.signal(), planned.signal().equals("SIGSTOP") ? signalled : List.of());
        Optional<Duration> duration = inputs.chaosDuration();
        if (name.isPresent() && duration.isPresent()) {
            watch(name.get(), planned.signal(), duration.get(), protectedPids, signalled, context);
        }
        return injected;
    }

    @Override
    public void revert(State state, FaultContext context) throws Exception {
        Set<ProcessIdentity> stopped = new LinkedHashSet<>(state.stopped());
        Watch watch = watches.remove(context.faultId());
        if (watch != null) {
            watch.thread().interrupt();
            watch.thread().join();
            if (state.signal().equals("SIGSTOP")) {
                stopped.addAll(watch.signalled());
            }
        }
        for (ProcessIdentity process : stopped) {
            if (Signals.send(process, "SIGCONT")) {
                context.log().info("[Chaos]: Resumed process " + process.pid());
            }
        }
    }

    private static List<ProcessIdentity> signal(List<ProcessIdentity> targets, String signal, FaultContext context)
            throws IOException, InterruptedException {
        List<ProcessIdentity> signalled = new ArrayList<>();
        for (ProcessIdentity target : targets) {
            if (Signals.send(target, signal)) {
                signalled.add(target);
                context.log().info("[Chaos]: Sent " + signal + " to process " + target.pid());
            }
        }
        return signalled;
    }

    /**
     * Signals processes of that name that (re)start within the duration, each once; the fault's revert ends the
     * watch.
     */
    private void watch(
            String name,
            String signal,
            Duration duration,
            Set<Long> protectedPids,
            List<ProcessIdentity> alreadySignalled,
            FaultContext context) {
        long until = System.nanoTime() + duration.toNanos();
        Set<ProcessIdentity> signalled = ConcurrentHashMap.newKeySet();
        signalled.addAll(alreadySignalled);
        Thread thread = Thread.ofVirtual()
                .name("process-kill-" + context.faultId())
                .unstarted(() -> {
                    try {
                        while (System.nanoTime() < until) {
                            Thread.sleep(WATCH_INTERVAL);
                            List<ProcessIdentity> restarted = Procfs.withName(name).stream()
                                    .filter(p -> !protectedPids.contains(p.pid()) && !signalled.contains(p))
                                    .toList();
                            signalled.addAll(signal(restarted, signal, context));
                        }
                    } catch (InterruptedException e) {
                        // reverted
                    } catch (IOException e) {
                        context.log().error("[Chaos]: Stopped watching for " + name + ": " + e.getMessage());
                    }
                });
        watches.put(context.faultId(), new Watch(thread, signalled));
        thread.start();
    }
}
