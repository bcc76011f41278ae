package io.chaosplane.agent.linux.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chaosplane.agent.fault.FaultSupervisor;
import io.chaosplane.agent.linux.testing.FaultHarness;
import io.chaosplane.agent.linux.testing.FaultHarness.Injected;
import io.chaosplane.agent.process.ProcessRunner;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * The DNS faults with their responder on a loopback address of the test's own (127.53.x.y, port 53) and an upstream
 * server the test runs, answering every A query with 10.9.9.9. The resolver file is a copy in a temporary directory,
 * never the machine's own: the host-resolution test bind-mounts it over {@code /etc/resolv.conf} in a mount namespace
 * of its own ({@code unshare -m}), so that glibc's real resolver is pointed at the responder and nothing else is.
 */
// a try-with-resources block holds an injected fault only to revert it whatever the assertions do
@SuppressWarnings("try")
class DnsFaultTest {

    private static final String ORIGINAL = "# the machine's\nnameserver %s\nsearch corp.test\noptions ndots:1\n";

    @TempDir
    Path dir;

    private Path resolvConf;
    private InetSocketAddress listen;
    private FakeUpstream upstream;

    @BeforeEach
    void start() throws Exception {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        byte[] address = {127, 53, (byte) random.nextInt(1, 255), (byte) random.nextInt(1, 255)};
        listen = new InetSocketAddress(InetAddress.getByAddress(address), 53);
        upstream = new FakeUpstream(new InetSocketAddress(InetAddress.getByAddress(address), 5353));
        resolvConf = dir.resolve("resolv.conf");
        Files.writeString(resolvConf, ORIGINAL.formatted("10.255.0.1"));
    }

    @AfterEach
    void stop() {
        upstream.close();
    }

    @Test
    void dnsErrorFailsTheChosenNamesAndRelaysTheOthers() throws Exception {
        try (Injected<DnsFault.State> error = inject(DnsFault.Kind.ERROR, "HostNames", "blocked.test")) {
            assertThat(query("blocked.test").getRcode()).isEqualTo(Rcode.NXDOMAIN);
            assertThat(query("BLOCKED.test.").getRcode()).isEqualTo(Rcode.NXDOMAIN);
            assertThat(addresses(query("www.blocked.test"))).containsExactly("10.9.9.9");
            assertThat(addresses(query("other.test"))).containsExactly("10.9.9.9");
        }
    }

    @Test
    void dnsErrorWithSubstringMatchingAndAnotherCode() throws Exception {
        try (Injected<DnsFault.State> error = inject(
                DnsFault.Kind.ERROR, "HostNames", "payments", "MatchScheme", "substring", "ErrorCode", "SERVFAIL")) {
            assertThat(query("api.payments.test").getRcode()).isEqualTo(Rcode.SERVFAIL);
            assertThat(addresses(query("api.orders.test"))).containsExactly("10.9.9.9");
        }
    }

    @Test
    void dnsSpoofAnswersTheMappedAddress() throws Exception {
        try (Injected<DnsFault.State> spoof = inject(DnsFault.Kind.SPOOF, "SpoofMap", "shop.test=10.1.2.3")) {
            assertThat(addresses(query("shop.test"))).containsExactly("10.1.2.3");
            assertThat(addresses(query("www.shop.test"))).containsExactly("10.9.9.9");
        }
    }

    @Test
    void theHostsResolverIsPointedAtTheResponderAndGivenBackByteForByte() throws Exception {
        byte[] before = Files.readAllBytes(resolvConf);

        Injected<DnsFault.State> spoof =
                inject(DnsFault.Kind.SPOOF, "SpoofMap", "shop.test=10.1.2.3", "MatchScheme", "substring");
        assertThat(Files.readString(resolvConf))
                .contains("nameserver " + listen.getAddress().getHostAddress() + "\n")
                .contains("search corp.test\n", "options ndots:1\n")
                .doesNotContain("10.255.0.1");
        assertThat(hostResolution("www.shop.test")).contains("10.1.2.3");
        assertThat(hostResolution("other.test")).contains("10.9.9.9");

        spoof.revert();
        spoof.revert();

        assertThat(Files.readAllBytes(resolvConf)).isEqualTo(before);
        assertThatThrownBy(() -> query("shop.test"))
                .as("the responder is stopped")
                .isInstanceOf(IOException.class);
    }

    @Test
    void aSymbolicLinkIsPutBackAsTheLinkItWas() throws Exception {
        Path target = dir.resolve("stub-resolv.conf");
        Files.move(resolvConf, target);
        Files.createSymbolicLink(resolvConf, target.getFileName());

        try (Injected<DnsFault.State> error = inject(DnsFault.Kind.ERROR)) {
            assertThat(resolvConf).isRegularFile();
            assertThat(Files.isSymbolicLink(resolvConf)).isFalse();
            assertThat(query("anything.test").getRcode()).isEqualTo(Rcode.NXDOMAIN);
        }

        assertThat(Files.readSymbolicLink(resolvConf)).isEqualTo(target.getFileName());
        assertThat(Files.readString(target)).isEqualTo(ORIGINAL.formatted("10.255.0.1"));
    }

    @Test
    void aFileSomeoneRewroteDuringTheFaultIsLeftAlone() throws Exception {
        Injected<DnsFault.State> error = inject(DnsFault.Kind.ERROR, "HostNames", "blocked.test");
        Files.writeString(resolvConf, "nameserver 10.255.0.7\n");

        error.revert();

        assertThat(Files.readString(resolvConf)).isEqualTo("nameserver 10.255.0.7\n");
    }

    @Test
    void withoutAnUpstreamOtherNamesFailRatherThanLoopBackToTheResponder() throws Exception {
        Files.writeString(resolvConf, "nameserver " + listen.getAddress().getHostAddress() + "\n");
        // the file names only the responder itself: no upstream, so other names fail rather than loop
        try (Injected<DnsFault.State> spoof =
                FaultHarness.inject(fault(DnsFault.Kind.SPOOF), "SpoofMap", "shop.test=10.1.2.3", "Duration", "30s")) {
            assertThat(query("other.test").getRcode()).isEqualTo(Rcode.SERVFAIL);
        }
    }

    @Test
    void aRestartedAgentPutsTheFileBackFromTheJournalAlone(@TempDir Path journal) throws Exception {
        byte[] before = Files.readAllBytes(resolvConf);
        FaultHarness.injectAndDie(
                fault(DnsFault.Kind.ERROR), journal, "Upstream", upstreamAddress(), "Duration", "60s");
        assertThat(Files.readAllBytes(resolvConf)).isNotEqualTo(before);

        List<FaultSupervisor.Recovered> recovered = FaultHarness.restart(journal, fault(DnsFault.Kind.ERROR));

        assertThat(recovered)
                .singleElement()
                .satisfies(r -> assertThat(r.reverted()).as(r.error()).isTrue());
        assertThat(Files.readAllBytes(resolvConf)).isEqualTo(before);
        // the killed agent's responder died with it in real life; here it lingers on the test's own address until
        // its deadline, which is why every test picks a fresh one
    }

    private Injected<DnsFault.State> inject(DnsFault.Kind kind, String... inputs) throws Exception {
        String[] all = Arrays.copyOf(inputs, inputs.length + 4);
        all[inputs.length] = "Upstream";
        all[inputs.length + 1] = upstreamAddress();
        all[inputs.length + 2] = "Duration";
        all[inputs.length + 3] = "30s";
        return FaultHarness.inject(fault(kind), all);
    }

    private String upstreamAddress() {
        return upstream.address.getAddress().getHostAddress() + ":" + upstream.address.getPort();
    }

    private DnsFault fault(DnsFault.Kind kind) {
        return new DnsFault(kind, resolvConf, listen);
    }

    private Message query(String name) throws IOException {
        SimpleResolver resolver = new SimpleResolver(listen);
        resolver.setTimeout(Duration.ofSeconds(2));
        return resolver.send(Message.newQuery(Record.newRecord(Name.fromString(name, Name.root), Type.A, DClass.IN)));
    }

    private static List<String> addresses(Message response) {
        return response.getSection(Section.ANSWER).stream()
                .filter(ARecord.class::isInstance)
                .map(record -> ((ARecord) record).getAddress().getHostAddress())
                .toList();
    }

    /** What glibc's resolver says in a mount namespace whose /etc/resolv.conf is the test's file. */
    private String hostResolution(String name) throws IOException, InterruptedException {
        ProcessRunner.Result result = ProcessRunner.run(
                List.of(
                        "unshare",
                        "-m",
                        "sh",
                        "-c",
                        "mount --bind \"$0\" /etc/resolv.conf && getent ahostsv4 \"$1\"",
                        resolvConf.toString(),
                        name),
                Duration.ofSeconds(20));
        return result.stdout() + result.stderr();
    }

    /** An upstream DNS server answering every A query with 10.9.9.9. */
    private static final class FakeUpstream implements AutoCloseable {

        final InetSocketAddress address;
        private final DatagramSocket socket;

        FakeUpstream(InetSocketAddress address) throws IOException {
            this.address = address;
            this.socket = new DatagramSocket(address);
            Thread.ofVirtual().start(this::serve);
        }

        private void serve() {
            byte[] buffer = new byte[4096];
            while (!socket.isClosed()) {
                try {
                    DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                    socket.receive(packet);
                    Message query = new Message(Arrays.copyOf(packet.getData(), packet.getLength()));
                    Message response = new Message(query.getHeader().getID());
                    response.getHeader().setFlag(Flags.QR);
                    response.addRecord(query.getQuestion(), Section.QUESTION);
                    if (query.getQuestion().getType() == Type.A) {
                        response.addRecord(
                                new ARecord(
                                        query.getQuestion().getName(),
                                        DClass.IN,
                                        5,
                                        InetAddress.getByAddress(new byte[] {10, 9, 9, 9})),
                                Section.ANSWER);
                    }
                    byte[] wire = response.toWire();
                    socket.send(new DatagramPacket(wire, wire.length, packet.getSocketAddress()));
                } catch (IOException e) {
                    // closed, or a query it cannot parse
                }
            }
        }

        @Override
        public void close() {
            socket.close();
        }
    }
}
