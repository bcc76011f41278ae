package io.chaosplane.agent.linux.dns;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * A small DNS server on UDP, started for one DNS fault and stopped at its revert: it answers the queries its rules
 * pick (an error code, or a spoofed A or AAAA record) and relays every other query, byte for byte, to the upstream
 * server. It stops by itself at the fault's deadline even if the revert never comes.
 */
final class DnsResponder implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(DnsResponder.class.getName());
    private static final int MAX_UDP = 4096;
    private static final Duration UPSTREAM_TIMEOUT = Duration.ofSeconds(3);
    private static final long SPOOF_TTL_SECONDS = 5;

    private final DatagramSocket socket;
    private final DnsRules rules;
    private final Optional<InetSocketAddress> upstream;
    private final Instant deadline;
    private final Thread loop;

    DnsResponder(InetSocketAddress listen, DnsRules rules, Optional<InetSocketAddress> upstream, Instant deadline)
            throws IOException {
        this.socket = new DatagramSocket(listen);
        this.rules = rules;
        this.upstream = upstream;
        this.deadline = deadline;
        this.loop = Thread.ofVirtual().name("dns-responder-" + listen).start(this::serve);
    }

    private void serve() {
        try {
            socket.setSoTimeout(1000);
            while (!socket.isClosed() && Instant.now().isBefore(deadline)) {
                DatagramPacket packet = new DatagramPacket(new byte[MAX_UDP], MAX_UDP);
                try {
                    socket.receive(packet);
                } catch (SocketTimeoutException e) {
                    continue;
                }
                byte[] query = Arrays.copyOf(packet.getData(), packet.getLength());
                SocketAddress client = packet.getSocketAddress();
                Thread.ofVirtual().start(() -> answer(query, client));
            }
        } catch (IOException e) {
            if (!socket.isClosed()) {
                LOG.log(System.Logger.Level.WARNING, "the DNS responder stopped: " + e.getMessage());
            }
        } finally {
            socket.close();
        }
    }

    private void answer(byte[] query, SocketAddress client) {
        try {
            byte[] response = respond(query);
            if (response != null) {
                socket.send(new DatagramPacket(response, response.length, client));
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "no answer to a DNS query: " + e.getMessage());
        }
    }

    /** The response to a query, or null for none (unparsable, or the upstream did not answer). */
    private byte[] respond(byte[] wire) throws IOException {
        Message query;
        try {
            query = new Message(wire);
        } catch (IOException e) {
            return null;
        }
        Record question = query.getQuestion();
        if (question == null) {
            return null;
        }
        return switch (rules.decide(question.getName().toString())) {
            case DnsRules.Fail fail -> reply(query, Rcode.value(fail.errorCode()), null);
            case DnsRules.Spoof spoof -> reply(query, Rcode.NOERROR, spoofed(question, spoof));
            case DnsRules.Forward forward -> forward(wire);
        };
    }

    private static Record spoofed(Record question, DnsRules.Spoof spoof) {
        if (question.getType() == Type.A && spoof.address() instanceof Inet4Address v4) {
            return new ARecord(question.getName(), DClass.IN, SPOOF_TTL_SECONDS, v4);
        }
        if (question.getType() == Type.AAAA && spoof.address() instanceof Inet6Address v6) {
            return new AAAARecord(question.getName(), DClass.IN, SPOOF_TTL_SECONDS, v6);
        }
        // the name exists, with no record of the type asked: an empty answer
        return null;
    }

    private static byte[] reply(Message query, int rcode, Record answer) {
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        response.getHeader().setFlag(Flags.RA);
        if (query.getHeader().getFlag(Flags.RD)) {
            response.getHeader().setFlag(Flags.RD);
        }
        response.getHeader().setRcode(rcode);
        response.addRecord(query.getQuestion(), Section.QUESTION);
        if (answer != null) {
            response.addRecord(answer, Section.ANSWER);
        }
        return response.toWire();
    }

    private byte[] forward(byte[] wire) throws IOException {
        if (upstream.isEmpty()) {
            Message query = new Message(wire);
            return reply(query, Rcode.SERVFAIL, null);
        }
        try (DatagramSocket relay = new DatagramSocket()) {
            relay.setSoTimeout((int) UPSTREAM_TIMEOUT.toMillis());
            relay.send(new DatagramPacket(wire, wire.length, upstream.get()));
            DatagramPacket response = new DatagramPacket(new byte[MAX_UDP], MAX_UDP);
            relay.receive(response);
            return Arrays.copyOf(response.getData(), response.getLength());
        } catch (SocketTimeoutException e) {
            return null;
        }
    }

    @Override
    public void close() throws InterruptedException {
        socket.close();
        loop.join();
    }
}
