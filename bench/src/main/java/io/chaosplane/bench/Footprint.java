package io.chaosplane.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** What the agents' footprint benchmarks share: timing a process to its lines, its resident memory, medians. */
final class Footprint {

    private Footprint() {}

    /** The baseline: a JVM with the same flags that only prints its version, to its first line. */
    static long javaVersionMillis(List<String> jvmFlags) throws Exception {
        List<String> command = new ArrayList<>(List.of(java()));
        command.addAll(jvmFlags);
        command.add("-version");
        long started = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        long millis = awaitLines(process, started, "")[0];
        process.waitFor();
        return millis;
    }

    /**
     * Milliseconds from {@code started} to the first line of the process's output that contains each marker in turn
     * ({@code ""}: its first line); the rest of its output is drained so that it never blocks on it.
     */
    static long[] awaitLines(Process process, long started, String... markers) throws Exception {
        BufferedReader lines =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        long[] millis = new long[markers.length];
        int next = 0;
        for (String line = lines.readLine(); line != null && next < markers.length; ) {
            if (line.contains(markers[next])) {
                millis[next++] = (System.nanoTime() - started) / 1_000_000;
            } else {
                line = lines.readLine();
            }
        }
        if (next < markers.length) {
            throw new IllegalStateException("the process ended before printing '" + markers[next] + "'");
        }
        Thread.ofVirtual().start(() -> {
            try {
                lines.lines().forEach(ignored -> {});
            } catch (java.io.UncheckedIOException closed) {
                // the process ended
            }
        });
        return millis;
    }

    static long residentKb(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return 0;
    }

    /**
     * The sockets a process listens on (TCP in LISTEN, UDP bound), as {@code tcp:PORT}: found by matching its file
     * descriptors' socket inodes against its network namespace's tables.
     */
    static List<String> listening(long pid) throws Exception {
        java.util.Set<String> inodes = new java.util.HashSet<>();
        try (var fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (java.io.IOException closedMeanwhile) {
                    // a descriptor closed while listed
                }
            }
        }
        List<String> found = new ArrayList<>();
        for (String table : List.of("tcp", "tcp6", "udp", "udp6")) {
            Path file = Path.of("/proc/" + pid + "/net/" + table);
            if (!Files.exists(file)) {
                continue;
            }
            for (String line :
                    Files.readAllLines(file).subList(1, Files.readAllLines(file).size())) {
                String[] fields = line.trim().split("\\s+");
                boolean listens = table.startsWith("tcp") ? fields[3].equals("0A") : fields[3].equals("07");
                if (listens && inodes.contains(fields[9])) {
                    String local = fields[1];
                    found.add(table + ":" + Integer.parseInt(local.substring(local.indexOf(':') + 1), 16));
                }
            }
        }
        return found;
    }

    static String java() {
        return ProcessHandle.current().info().command().orElseThrow();
    }

    static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
