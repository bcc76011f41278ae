package io.chaosplane.agent.linux.jvm;

import io.chaosplane.agent.linux.proc.ProcessIdentity;
import io.chaosplane.agent.linux.proc.Procfs;
import io.chaosplane.protocol.catalog.FaultInputs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;

/** The JVMs a fault is aimed at: by PID, by process name or by a pattern on the command line. */
final class JvmTargets {

    private JvmTargets() {}

    /**
     * The target JVMs. A PID that is no JVM is an error; a name or pattern skips the processes that are none (a shell
     * whose command line mentions the jar, say), and matching no JVM at all is an error.
     */
    static List<ProcessIdentity> choose(FaultInputs inputs) throws IOException {
        Set<Long> protectedPids = Procfs.protectedPids();
        Optional<Long> pid = inputs.optionalInteger("PID");
        if (pid.isPresent()) {
            if (protectedPids.contains(pid.get())) {
                throw new IOException("refusing to attach to process " + pid.get()
                        + ": it is init, the agent itself or one of its ancestors");
            }
            ProcessIdentity target = ProcessIdentity.of(pid.get())
                    .orElseThrow(() -> new IOException("no process " + pid.get() + " is running"));
            if (!isJvm(target.pid())) {
                throw new IOException("process " + pid.get() + " is no Java virtual machine (it has no libjvm.so)");
            }
            return List.of(target);
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
                .filter(process -> isJvm(process.pid()))
                .toList();
        if (targets.isEmpty()) {
            throw new IOException("no Java virtual machine " + chosenBy + " is running");
        }
        return targets;
    }

    /** Whether the process has a JVM's library mapped: a HotSpot JVM, which the attach API talks to. */
    static boolean isJvm(long pid) {
        try (Stream<String> maps = Files.lines(Path.of("/proc", Long.toString(pid), "maps"))) {
            return maps.anyMatch(line -> line.endsWith("/libjvm.so"));
        } catch (IOException | UncheckedIOException e) {
            return false;
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
