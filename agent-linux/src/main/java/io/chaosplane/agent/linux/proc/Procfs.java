package io.chaosplane.agent.linux.proc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** What the agent reads from {@code /proc}: processes by name or argument, memory, its own ancestry. */
public final class Procfs {

    private static final Path PROC = Path.of("/proc");

    private Procfs() {}

    /** Live processes whose {@code comm} (the name {@code ps} shows, 15 characters at most) is {@code name}. */
    public static List<ProcessIdentity> withName(String name) {
        return processes()
                .filter(pid -> name.equals(read(pid, "comm").strip()))
                .map(ProcessIdentity::of)
                .flatMap(Optional::stream)
                .toList();
    }

    /** Live processes with {@code argument} among their command-line arguments. */
    public static List<ProcessIdentity> withArgument(String argument) {
        return processes()
                .filter(pid -> List.of(read(pid, "cmdline").split("\0")).contains(argument))
                .map(ProcessIdentity::of)
                .flatMap(Optional::stream)
                .toList();
    }

    /** Live processes whose command line, arguments joined by spaces, contains a match of {@code pattern}. */
    public static List<ProcessIdentity> withCommandLineMatching(Pattern pattern) {
        return processes()
                .filter(pid -> pattern.matcher(
                                read(pid, "cmdline").replace('\0', ' ').strip())
                        .find())
                .map(ProcessIdentity::of)
                .flatMap(Optional::stream)
                .toList();
    }

    /** The processes a fault must never signal: init, the agent itself and the agent's ancestors. */
    public static Set<Long> protectedPids() {
        Set<Long> protectedPids = new HashSet<>(Set.of(1L));
        for (Optional<ProcessHandle> process = Optional.of(ProcessHandle.current());
                process.isPresent();
                process = process.get().parent()) {
            protectedPids.add(process.get().pid());
        }
        return protectedPids;
    }

    /** {@code MemTotal} of {@code /proc/meminfo}, in bytes. */
    public static long memTotalBytes() {
        return meminfo("MemTotal:");
    }

    /** {@code MemAvailable} of {@code /proc/meminfo}, in bytes. */
    public static long memAvailableBytes() {
        return meminfo("MemAvailable:");
    }

    /** {@code VmRSS} of a process, in bytes; 0 when it is gone. */
    public static long residentBytes(long pid) {
        for (String line : read(pid, "status").split("\n")) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        }
        return 0;
    }

    /** CPU time a process has used, user plus system, in clock ticks; 0 when it is gone. */
    public static long cpuTicks(long pid) {
        return ProcessIdentity.Stat.read(pid)
                .map(stat -> stat.utimeTicks() + stat.stimeTicks())
                .orElse(0L);
    }

    private static long meminfo(String key) {
        try {
            for (String line : Files.readAllLines(PROC.resolve("meminfo"))) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/meminfo", e);
        }
        throw new IllegalStateException(key + " missing from /proc/meminfo");
    }

    private static Stream<Long> processes() {
        List<Long> pids = new ArrayList<>();
        try (Stream<Path> entries = Files.list(PROC)) {
            entries.map(entry -> entry.getFileName().toString())
                    .filter(name -> name.chars().allMatch(Character::isDigit))
                    .forEach(name -> pids.add(Long.parseLong(name)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list /proc", e);
        }
        return pids.stream();
    }

    /** A file of a process, or "" when the process is gone (or its file cannot be read). */
    private static String read(long pid, String file) {
        try {
            return new String(
                    Files.readAllBytes(PROC.resolve(Long.toString(pid)).resolve(file)), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
