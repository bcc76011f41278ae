package io.chaosplane.agent.linux.proc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A process as the kernel knows it: its id and its start time (in clock ticks since boot, field 22 of
 * {@code /proc/<pid>/stat}). Ids are reused; the pair is not, so an agent that reverts after a restart never signals
 * a stranger that happens to have the old id.
 */
public record ProcessIdentity(long pid, long startTicks) {

    /** The identity of a live process, or empty when there is none with that id. */
    public static Optional<ProcessIdentity> of(long pid) {
        return Stat.read(pid).filter(stat -> !stat.zombie()).map(stat -> new ProcessIdentity(pid, stat.startTicks()));
    }

    /** Whether this very process is still running (a zombie counts as gone). */
    public boolean isAlive() {
        return Stat.read(pid)
                .filter(stat -> !stat.zombie() && stat.startTicks() == startTicks)
                .isPresent();
    }

    /** Sends SIGKILL, if this very process is still running. */
    public void kill() {
        if (isAlive()) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    /** The fields of {@code /proc/<pid>/stat} this agent needs. */
    record Stat(char state, long ppid, long utimeTicks, long stimeTicks, long startTicks) {

        boolean zombie() {
            return state == 'Z' || state == 'X';
        }

        static Optional<Stat> read(long pid) {
            String line;
            try {
                line = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            } catch (NoSuchFileException e) {
                return Optional.empty();
            } catch (IOException e) {
                return Optional.empty();
            }
            // the command name in parentheses may hold spaces and parentheses; the fields follow the last ')'
            String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
            return Optional.of(new Stat(
                    fields[0].charAt(0),
                    Long.parseLong(fields[1]),
                    Long.parseLong(fields[11]),
                    Long.parseLong(fields[12]),
                    Long.parseLong(fields[19])));
        }
    }
}
