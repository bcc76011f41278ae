package io.chaosplane.discovery.net;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The process that holds a socket, on a plain host: a socket's inode appears as the link {@code socket:[inode]} among
 * some process's {@code <proc>/<pid>/fd}, and {@code <proc>/<pid>/comm} names the process. Processes of other users
 * are visible only to root; their sockets stay unnamed.
 */
public final class SocketOwners {

    private final Path procRoot;

    public SocketOwners(Path procRoot) {
        this.procRoot = procRoot;
    }

    /** The command names of the processes holding these inodes; inodes no readable process holds are absent. */
    public Map<Long, String> owners(Set<Long> inodes) {
        Map<Long, String> owners = new HashMap<>();
        if (inodes.isEmpty()) {
            return owners;
        }
        try (DirectoryStream<Path> pids = Files.newDirectoryStream(
                procRoot, entry -> entry.getFileName().toString().chars().allMatch(Character::isDigit))) {
            for (Path pid : pids) {
                scan(pid, inodes, owners);
                if (owners.size() == inodes.size()) {
                    break;
                }
            }
        } catch (IOException e) {
            return owners;
        }
        return owners;
    }

    private static void scan(Path pid, Set<Long> inodes, Map<Long, String> owners) {
        String comm = null;
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(pid.resolve("fd"))) {
            for (Path fd : fds) {
                String target;
                try {
                    target = Files.readSymbolicLink(fd).toString();
                } catch (IOException e) {
                    continue;
                }
                if (!target.startsWith("socket:[") || !target.endsWith("]")) {
                    continue;
                }
                long inode;
                try {
                    inode = Long.parseLong(target.substring(8, target.length() - 1));
                } catch (NumberFormatException e) {
                    continue;
                }
                if (inodes.contains(inode) && !owners.containsKey(inode)) {
                    if (comm == null) {
                        comm = Files.readString(pid.resolve("comm"), StandardCharsets.UTF_8)
                                .strip();
                    }
                    owners.put(inode, comm);
                }
            }
        } catch (IOException e) {
            // another user's process, or one that ended meanwhile
        }
    }
}
