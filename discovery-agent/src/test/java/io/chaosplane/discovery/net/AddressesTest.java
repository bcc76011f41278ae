package io.chaosplane.discovery.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class AddressesTest {

    @Test
    void ipv6_is_written_as_kubernetes_writes_it() throws Exception {
        assertThat(Addresses.text(InetAddress.getByName("0:0:0:0:0:0:0:1"))).isEqualTo("::1");
        assertThat(Addresses.text(InetAddress.getByName("::"))).isEqualTo("::");
        assertThat(Addresses.text(InetAddress.getByName("2001:DB8:0:0:0:0:0:2")))
                .isEqualTo("2001:db8::2");
        assertThat(Addresses.text(InetAddress.getByName("fd00:10:244:1:0:0:0:5")))
                .isEqualTo("fd00:10:244:1::5");
        // one zero group stays; of two equal runs the first is compressed
        assertThat(Addresses.text(InetAddress.getByName("2001:db8:0:1:1:1:1:1")))
                .isEqualTo("2001:db8:0:1:1:1:1:1");
        assertThat(Addresses.text(InetAddress.getByName("1:0:0:2:0:0:3:4"))).isEqualTo("1::2:0:0:3:4");
        assertThat(Addresses.text(InetAddress.getByName("1:0:0:2:0:0:0:3"))).isEqualTo("1:0:0:2::3");
        assertThat(Addresses.text(InetAddress.getByName("2001:db8::"))).isEqualTo("2001:db8::");
    }

    @Test
    void kubernetes_literals_are_normalized_and_names_are_not_looked_up() {
        assertThat(Addresses.normalize("10.24.0.20")).contains("10.24.0.20");
        assertThat(Addresses.normalize("FD00:10:244:1:0:0:0:5")).contains("fd00:10:244:1::5");
        assertThat(Addresses.normalize("::ffff:10.16.3.18")).contains("10.16.3.18");
        assertThat(Addresses.normalize("None")).isEmpty();
        assertThat(Addresses.normalize("")).isEmpty();
        assertThat(Addresses.normalize("example.com")).isEmpty();
    }
}
