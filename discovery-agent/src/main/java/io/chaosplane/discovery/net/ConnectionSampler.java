package io.chaosplane.discovery.net;

import java.io.IOException;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Samples the TCP tables through a collection window and keeps the established outbound connections. Outbound: the
 * socket's local port is not a port this network namespace listens on, so the accepted side of a connection (its
 * local port is the server's) is left out, and a connection between two local processes counts once, for the
 * client. A connection seen in several samples (or through several processes of its namespace) counts once: sockets
 * are told apart by their inode, which is unique on the host. {@code count} is the number of distinct connections
 * from the source to the destination during the window.
 */
public final class ConnectionSampler {

    private final SocketTables tables;
    private final ProcNetTcp parser;
    private final SocketOwners owners;
    private final Map<Outbound, Set<String>> seen = new LinkedHashMap<>();
    private final Map<Long, String> processes = new HashMap<>();

    /** @param owners names the owning processes (a plain host), or null (a node: pods, not processes, are named) */
    public ConnectionSampler(SocketTables tables, ProcNetTcp parser, SocketOwners owners) {
        this.tables = tables;
        this.parser = parser;
        this.owners = owners;
    }

    /** Reads the tables once. */
    public synchronized void sample() throws IOException {
        for (SocketTables.Table table : tables.read()) {
            List<TcpSocket> sockets = new java.util.ArrayList<>(parser.parse(table.tcp()));
            sockets.addAll(parser.parse(table.tcp6()));
            Set<Integer> listening = new HashSet<>();
            for (TcpSocket socket : sockets) {
                if (socket.listening()) {
                    listening.add(socket.localPort());
                }
            }
            List<TcpSocket> outbound = sockets.stream()
                    .filter(TcpSocket::established)
                    .filter(socket -> !listening.contains(socket.localPort()))
                    .filter(socket -> !socket.remoteAddress().isAnyLocalAddress())
                    .toList();
            if (owners != null) {
                Set<Long> unknown = new HashSet<>();
                for (TcpSocket socket : outbound) {
                    if (socket.inode() != 0 && !processes.containsKey(socket.inode())) {
                        unknown.add(socket.inode());
                    }
                }
                processes.putAll(owners.owners(unknown));
            }
            for (TcpSocket socket : outbound) {
                String process = owners == null ? "" : processes.getOrDefault(socket.inode(), "");
                Outbound connection = new Outbound(
                        text(socket.localAddress()), text(socket.remoteAddress()), socket.remotePort(), process);
                seen.computeIfAbsent(connection, key -> new HashSet<>())
                        .add(
                                socket.inode() != 0
                                        ? "inode " + socket.inode()
                                        : table.networkNamespace() + " " + socket.localPort());
            }
        }
    }

    /** The connections of the window so far with their counts, and a fresh window. */
    public synchronized Map<Outbound, Integer> drain() {
        Map<Outbound, Integer> counts = new LinkedHashMap<>();
        seen.forEach((connection, sockets) -> counts.put(connection, sockets.size()));
        seen.clear();
        processes.clear();
        return counts;
    }

    private static String text(InetAddress address) {
        return Addresses.text(address);
    }
}
