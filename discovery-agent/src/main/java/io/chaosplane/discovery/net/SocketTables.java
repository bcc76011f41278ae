package io.chaosplane.discovery.net;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Where the TCP tables are read. On a host: {@code <proc>/net/tcp} and {@code tcp6}, the host's network namespace.
 * On a node, every pod has a network namespace of its own, and the root's table does not show its sockets: with the
 * host's {@code /proc} mounted (and the host's PID namespace), each namespace's table is read once, through the first
 * process found in it ({@code <proc>/<pid>/net/tcp}, the namespace told by {@code <proc>/<pid>/ns/net}).
 */
public final class SocketTables {

    /** The two tables of one network namespace, as text lines. */
    public record Table(String networkNamespace, List<String> tcp, List<String> tcp6) {}

    private final Path procRoot;
    private final boolean everyNamespace;

    /**
     * @param procRoot {@code /proc}, a host's {@code /proc} mounted elsewhere, or a test's fixture directory
     * @param everyNamespace read the tables of every network namespace (node mode), not the root's only
     */
    public SocketTables(Path procRoot, boolean everyNamespace) {
        this.procRoot = procRoot;
        this.everyNamespace = everyNamespace;
    }

    public List<Table> read() throws IOException {
        List<Table> tables = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        String root = namespaceOf(procRoot.resolve("self"));
        seen.add(root);
        tables.add(new Table(root, lines(procRoot.resolve("net/tcp")), lines(procRoot.resolve("net/tcp6"))));
        if (!everyNamespace) {
            return tables;
        }
        try (DirectoryStream<Path> pids = Files.newDirectoryStream(
                procRoot, entry -> entry.getFileName().toString().chars().allMatch(Character::isDigit))) {
            for (Path pid : pids) {
                String namespace = namespaceOf(pid);
                if (namespace.isEmpty()) {
                    // its namespace link is closed to us (not root): its table is read anyway, and the sampler's
                    // count by socket inode keeps a socket seen through several processes once
                    namespace = "pid:" + pid.getFileName();
                }
                if (!seen.add(namespace)) {
                    continue;
                }
                try {
                    tables.add(new Table(namespace, lines(pid.resolve("net/tcp")), lines(pid.resolve("net/tcp6"))));
                } catch (IOException e) {
                    // the process ended between listing and reading: its namespace's other processes may come later
                    seen.remove(namespace);
                }
            }
        }
        return tables;
    }

    private static String namespaceOf(Path process) {
        try {
            return Files.readSymbolicLink(process.resolve("ns/net")).toString();
        } catch (IOException | UnsupportedOperationException e) {
            return process.getFileName().toString().equals("self") ? "root" : "";
        }
    }

    private static List<String> lines(Path file) throws IOException {
        try {
            return Files.readAllLines(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            // no IPv6 in this kernel or namespace
            return List.of();
        }
    }
}
