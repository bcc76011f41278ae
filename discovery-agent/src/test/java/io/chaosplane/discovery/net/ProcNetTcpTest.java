package io.chaosplane.discovery.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcNetTcpTest {

    private final ProcNetTcp littleEndian = new ProcNetTcp(ByteOrder.LITTLE_ENDIAN);
    private final ProcNetTcp bigEndian = new ProcNetTcp(ByteOrder.BIG_ENDIAN);

    static List<String> fixture(String name) throws Exception {
        return Files.readAllLines(
                Path.of(ProcNetTcpTest.class.getResource("/proc/" + name).toURI()), StandardCharsets.US_ASCII);
    }

    @Test
    void an_ipv4_address_is_printed_in_the_hosts_byte_order() throws Exception {
        assertThat(littleEndian.address("0100007F").getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(littleEndian.address("1203100A").getHostAddress()).isEqualTo("10.16.3.18");
        assertThat(bigEndian.address("7F000001").getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(bigEndian.address("0A100312").getHostAddress()).isEqualTo("10.16.3.18");
    }

    @Test
    void an_ipv6_address_is_four_host_order_words() throws Exception {
        assertThat(littleEndian.address("B80D0120000000000000000001000000"))
                .isEqualTo(InetAddress.getByName("2001:db8::1"));
        assertThat(bigEndian.address("20010DB8000000000000000000000001"))
                .isEqualTo(InetAddress.getByName("2001:db8::1"));
        assertThat(littleEndian.address("00000000000000000000000001000000")).isEqualTo(InetAddress.getByName("::1"));
    }

    @Test
    void an_ipv4_mapped_ipv6_address_becomes_its_ipv4_address() throws Exception {
        InetAddress mapped = littleEndian.address("0000000000000000FFFF00005F7DFA8E");
        assertThat(mapped).isInstanceOf(Inet4Address.class);
        assertThat(mapped.getHostAddress()).isEqualTo("142.250.125.95");
        assertThat(bigEndian.address("00000000000000000000FFFF8EFA7D5F").getHostAddress())
                .isEqualTo("142.250.125.95");
    }

    @Test
    void an_address_of_another_length_is_refused() {
        assertThatThrownBy(() -> littleEndian.address("0100007")).isInstanceOf(UnknownHostException.class);
    }

    @Test
    void the_ipv4_table_is_read_line_by_line_with_ports_states_and_inodes() throws Exception {
        List<TcpSocket> sockets = littleEndian.parse(fixture("tcp"));

        assertThat(sockets).hasSize(6);
        TcpSocket listening = sockets.get(0);
        assertThat(listening.listening()).isTrue();
        assertThat(listening.localAddress().getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(listening.localPort()).isEqualTo(8080);
        assertThat(listening.inode()).isEqualTo(11111);
        TcpSocket outbound = sockets.get(1);
        assertThat(outbound.established()).isTrue();
        assertThat(outbound.localAddress().getHostAddress()).isEqualTo("10.16.3.18");
        assertThat(outbound.localPort()).isEqualTo(50000);
        assertThat(outbound.remoteAddress().getHostAddress()).isEqualTo("10.24.11.58");
        assertThat(outbound.remotePort()).isEqualTo(8080);
        assertThat(sockets.get(4).state()).isEqualTo(0x06);
        assertThat(sockets.get(4).established()).isFalse();
    }

    @Test
    void the_ipv6_table_holds_mapped_and_plain_ipv6_sockets() throws Exception {
        List<TcpSocket> sockets = littleEndian.parse(fixture("tcp6"));

        assertThat(sockets).hasSize(4);
        assertThat(sockets.get(0).listening()).isTrue();
        assertThat(sockets.get(0).localAddress().isAnyLocalAddress()).isTrue();
        assertThat(sockets.get(0).localPort()).isEqualTo(443);
        assertThat(sockets.get(1).localAddress().getHostAddress()).isEqualTo("10.16.3.18");
        assertThat(sockets.get(1).remoteAddress().getHostAddress()).isEqualTo("142.250.125.95");
        assertThat(sockets.get(1).remotePort()).isEqualTo(443);
        assertThat(sockets.get(2).remoteAddress()).isEqualTo(InetAddress.getByName("2001:db8::2"));
        assertThat(sockets.get(2).remotePort()).isEqualTo(5432);
    }

    @Test
    void a_line_cut_short_is_skipped_not_fatal() {
        List<TcpSocket> sockets = littleEndian.parse(List.of(
                "  sl  local_address rem_address   st",
                "   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 11111",
                "   1: 0100007F:1F",
                "   2: ZZZZZZZZ:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 1"));
        assertThat(sockets).hasSize(1);
    }
}
