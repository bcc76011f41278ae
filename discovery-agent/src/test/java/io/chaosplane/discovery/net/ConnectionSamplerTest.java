package io.chaosplane.discovery.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectionSamplerTest {

    @TempDir
    Path proc;

    private void copyFixtures(Path netDirectory) throws Exception {
        Files.createDirectories(netDirectory);
        for (String name : new String[] {"tcp", "tcp6"}) {
            try (InputStream in = getClass().getResourceAsStream("/proc/" + name)) {
                Files.copy(in, netDirectory.resolve(name));
            }
        }
    }

    @Test
    void only_established_outbound_connections_are_kept_each_counted_once_per_socket() throws Exception {
        copyFixtures(proc.resolve("net"));
        ConnectionSampler sampler =
                new ConnectionSampler(new SocketTables(proc, false), new ProcNetTcp(ByteOrder.LITTLE_ENDIAN), null);

        sampler.sample();
        sampler.sample();
        Map<Outbound, Integer> window = sampler.drain();

        assertThat(window)
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        new Outbound("10.16.3.18", "10.24.11.58", 8080, ""), 2,
                        new Outbound("127.0.0.1", "127.0.0.1", 8080, ""), 1,
                        new Outbound("10.16.3.18", "142.250.125.95", 443, ""), 1,
                        new Outbound("2001:db8::1", "2001:db8::2", 5432, ""), 1));
        // the accepted sides (local ports 8080 and 443 are listened on) and the TIME_WAIT socket are left out
        assertThat(sampler.drain()).isEmpty();
    }

    @Test
    void on_a_node_every_network_namespace_is_read_once() throws Exception {
        copyFixtures(proc.resolve("net"));
        Files.createDirectories(proc.resolve("self/ns"));
        Files.createSymbolicLink(proc.resolve("self/ns/net"), Path.of("net:[4026531992]"));
        // two processes of one pod's namespace, and one process in the host's namespace
        for (String pid : new String[] {"100", "101", "1"}) {
            Files.createDirectories(proc.resolve(pid + "/ns"));
            Files.createDirectories(proc.resolve(pid + "/net"));
        }
        Files.createSymbolicLink(proc.resolve("1/ns/net"), Path.of("net:[4026531992]"));
        Files.createSymbolicLink(proc.resolve("100/ns/net"), Path.of("net:[4026532500]"));
        Files.createSymbolicLink(proc.resolve("101/ns/net"), Path.of("net:[4026532500]"));
        String header =
                "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode";
        String podLine = "   0: 0B03100A:A000 3A0B180A:1F90 01 00000000:00000000 00:00000000 00000000  1000        0"
                + " 500 1 0000000000000000 20 4 30 10 -1";
        Files.writeString(proc.resolve("100/net/tcp"), header + "\n" + podLine + "\n", StandardCharsets.US_ASCII);
        Files.writeString(proc.resolve("101/net/tcp"), header + "\n" + podLine + "\n", StandardCharsets.US_ASCII);
        Files.writeString(proc.resolve("1/net/tcp"), "garbage that must not be read\n", StandardCharsets.US_ASCII);

        SocketTables tables = new SocketTables(proc, true);
        assertThat(tables.read())
                .extracting(SocketTables.Table::networkNamespace)
                .containsExactlyInAnyOrder("net:[4026531992]", "net:[4026532500]");

        ConnectionSampler sampler = new ConnectionSampler(tables, new ProcNetTcp(ByteOrder.LITTLE_ENDIAN), null);
        sampler.sample();
        assertThat(sampler.drain()).containsEntry(new Outbound("10.16.3.11", "10.24.11.58", 8080, ""), 1);
    }

    @Test
    void namespaces_closed_to_a_non_root_agent_are_read_per_process_and_their_sockets_still_count_once()
            throws Exception {
        Files.createDirectories(proc.resolve("net"));
        Files.writeString(proc.resolve("net/tcp"), "");
        String header =
                "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode";
        String podLine = "   0: 0B03100A:A000 3A0B180A:1F90 01 00000000:00000000 00:00000000 00000000  1000        0"
                + " 500 1 0000000000000000 20 4 30 10 -1";
        // no readable ns/net link: two processes of one pod
        for (String pid : new String[] {"300", "301"}) {
            Files.createDirectories(proc.resolve(pid + "/net"));
            Files.writeString(proc.resolve(pid + "/net/tcp"), header + "\n" + podLine + "\n");
        }
        SocketTables tables = new SocketTables(proc, true);
        assertThat(tables.read()).hasSize(3);

        ConnectionSampler sampler = new ConnectionSampler(tables, new ProcNetTcp(ByteOrder.LITTLE_ENDIAN), null);
        sampler.sample();
        assertThat(sampler.drain())
                .containsExactlyEntriesOf(Map.of(new Outbound("10.16.3.11", "10.24.11.58", 8080, ""), 1));
    }

    @Test
    void a_live_loopback_connection_is_read_from_this_machines_proc_net_tcp_with_its_process() throws Exception {
        String comm = Files.readString(Path.of("/proc/self/comm")).strip();
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            try (Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
                    Socket accepted = server.accept()) {
                ConnectionSampler sampler = new ConnectionSampler(
                        new SocketTables(Path.of("/proc"), false),
                        new ProcNetTcp(ByteOrder.nativeOrder()),
                        new SocketOwners(Path.of("/proc")));

                sampler.sample();
                Map<Outbound, Integer> window = sampler.drain();

                assertThat(window)
                        .containsEntry(new Outbound("127.0.0.1", "127.0.0.1", server.getLocalPort(), comm), 1);
                // the server's side of the same connection is inbound: its local port is the listening one
                assertThat(window.keySet())
                        .noneMatch(outbound -> outbound.destinationPort() == client.getLocalPort()
                                && outbound.destinationIP().equals("127.0.0.1"));
                assertThat(accepted.isConnected()).isTrue();
            }
        }
    }
}
