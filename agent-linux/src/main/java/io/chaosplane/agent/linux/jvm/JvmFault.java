package io.chaosplane.agent.linux.jvm;

import io.chaosplane.agent.fault.Fault;
import io.chaosplane.agent.fault.FaultContext;
import io.chaosplane.agent.linux.proc.ProcessIdentity;
import io.chaosplane.protocol.catalog.FaultInputs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The {@code linux-jvm-*} faults: an agent of ChaosPlane's own ({@code jvm-agent}, ByteBuddy) loaded into the target
 * JVMs with the attach API, which slows a method, makes it throw or return another value, keeps threads busy, holds
 * heap or collects garbage, inside the target, until revert.
 *
 * <p>Revert, in order of likelihood: the session this agent holds tells the in-JVM agent to revert, which retransforms
 * the classes back and stops its threads. When this agent dies (even by {@code kill -9}), the session's connection
 * breaks and the in-JVM agent reverts by itself; at the deadline it does too. A restarted agent, from the journal
 * alone, attaches once more and has it revert the fault if it is still in force. The jar lives in a directory named
 * after the fault; its absence tells a revert that nothing was ever loaded.
 */
public final class JvmFault implements Fault<JvmFault.State> {

    /** The six faults and what each sends the in-JVM agent. */
    public enum Kind {
        METHOD_LATENCY("linux-jvm-method-latency", "method-latency"),
        METHOD_EXCEPTION("linux-jvm-method-exception", "method-exception"),
        MODIFY_RETURN("linux-jvm-modify-return", "modify-return"),
        CPU_STRESS("linux-jvm-cpu-stress", "cpu-stress"),
        MEMORY_STRESS("linux-jvm-memory-stress", "memory-stress"),
        TRIGGER_GC("linux-jvm-trigger-gc", "trigger-gc");

        private final String faultName;
        private final String agentKind;

        Kind(String faultName, String agentKind) {
            this.faultName = faultName;
            this.agentKind = agentKind;
        }

        /** The parameters of the in-JVM agent's fault (a switch, not lambdas: nothing more is loaded at start). */
        Map<String, String> parameters(FaultInputs inputs) {
            Map<String, String> parameters = new LinkedHashMap<>();
            parameters.put("kind", agentKind);
            switch (this) {
                case METHOD_LATENCY, METHOD_EXCEPTION, MODIFY_RETURN -> {
                    parameters.put("class", inputs.string("Class"));
                    parameters.put("method", inputs.string("Method"));
                }
                default -> {}
            }
            switch (this) {
                case METHOD_LATENCY -> parameters.put("latencyMillis", Long.toString(inputs.integer("Latency")));
                case METHOD_EXCEPTION -> {
                    parameters.put("exception", inputs.string("Exception"));
                    parameters.put("message", inputs.string("ExceptionMessage"));
                }
                case MODIFY_RETURN -> parameters.put("return", inputs.string("Return"));
                case CPU_STRESS -> {
                    parameters.put("threads", Long.toString(inputs.integer("CPU")));
                    parameters.put("load", Double.toString(inputs.percentage("Load")));
                }
                case MEMORY_STRESS ->
                    parameters.put("bytes", Long.toString(inputs.size("Memory").bytes()));
                case TRIGGER_GC ->
                    parameters.put(
                            "intervalMillis",
                            Long.toString(inputs.duration("Interval").toMillis()));
            }
            return parameters;
        }
    }

    /** The target JVMs (id and start time) and the fault's directory, which holds the in-JVM agent's jar. */
    public record State(List<ProcessIdentity> targets, String directory) {

        public State {
            targets = List.copyOf(targets);
        }
    }

    private final Kind kind;
    private final Path temporaryDirectory;
    /** The faults this instance injected, by fault id: the JVMs it tried and the sessions that hold the fault. */
    private final Map<String, Injection> injections = new ConcurrentHashMap<>();

    private record Injection(Set<ProcessIdentity> attempted, Map<ProcessIdentity, InJvmAgent.Session> open) {

        Injection() {
            this(ConcurrentHashMap.newKeySet(), new ConcurrentHashMap<>());
        }
    }

    /** @param temporaryDirectory where fault directories go: a directory every target's user can reach */
    public JvmFault(Kind kind, Path temporaryDirectory) {
        this.kind = kind;
        this.temporaryDirectory = temporaryDirectory;
    }

    public static List<Fault<?>> all(Path temporaryDirectory) {
        List<Fault<?>> faults = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            faults.add(new JvmFault(kind, temporaryDirectory));
        }
        return List.copyOf(faults);
    }

    @Override
    public String name() {
        return kind.faultName;
    }

    @Override
    public Class<State> stateType() {
        return State.class;
    }

    @Override
    public State plan(FaultInputs inputs, FaultContext context) throws IOException {
        return new State(
                JvmTargets.choose(inputs),
                temporaryDirectory
                        .resolve("chaosplane-jvm-" + context.faultId())
                        .toString());
    }

    @Override
    public State inject(FaultInputs inputs, State planned, FaultContext context) throws Exception {
        Map<String, String> parameters = kind.parameters(inputs);
        Path jar = InJvmAgent.writeJar(Path.of(planned.directory()));
        Injection injection = new Injection();
        injections.put(context.faultId(), injection);
        for (ProcessIdentity target : planned.targets()) {
            context.log().info("[Chaos]: Loading the fault into JVM " + target.pid(), parameters);
            injection.attempted().add(target);
            injection
                    .open()
                    .put(
                            target,
                            InJvmAgent.inject(
                                    target,
                                    jar,
                                    context.faultId(),
                                    context.deadline(),
                                    parameters,
                                    note -> context.log().warn("[Chaos]: JVM " + target.pid() + ": " + note)));
            context.log().info("[Chaos]: " + name() + " is in force in JVM " + target.pid());
        }
        return planned;
    }

    @Override
    public void revert(State state, FaultContext context) throws Exception {
        Path directory = Path.of(state.directory());
        if (!Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
            // the jar is written before anything is loaded: without it no JVM has the fault
            return;
        }
        if (!InJvmAgent.isOwn(directory)) {
            // inject refused to write into it; nothing of this fault is there
            context.log().warn("[Chaos]: " + directory + " is not the agent's own: left alone");
            return;
        }
        // this instance's own injection, or none: a restarted agent knows only the journal
        Injection injection = injections.remove(context.faultId());
        for (ProcessIdentity target : state.targets()) {
            InJvmAgent.Session session =
                    injection == null ? null : injection.open().get(target);
            if (session != null) {
                try (session) {
                    session.revert();
                    context.log().info("[Chaos]: Reverted " + name() + " in JVM " + target.pid());
                    continue;
                } catch (IOException e) {
                    // the in-JVM agent reverted by itself at the deadline, or the JVM stopped: the attach below makes
                    // sure
                    context.log()
                            .warn("[Chaos]: The connection to JVM " + target.pid() + " had ended (" + e.getMessage()
                                    + "); checking through a new attach");
                }
            } else if (injection != null && !injection.attempted().contains(target)) {
                continue;
            }
            if (target.isAlive()
                    && InJvmAgent.revertThroughAttach(target, InJvmAgent.jar(directory), context.faultId())) {
                context.log().info("[Chaos]: Reverted " + name() + " in JVM " + target.pid() + " through a new attach");
            }
        }
        deleteDirectory(directory);
    }

    private static void deleteDirectory(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }
}
