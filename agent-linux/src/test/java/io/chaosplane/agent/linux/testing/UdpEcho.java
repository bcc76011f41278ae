package io.chaosplane.agent.linux.testing;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A UDP echo server and probe, run inside the test's network namespaces with {@code ip netns exec}.
 * <pre>
 * UdpEcho serve ADDRESS:PORT[,ADDRESS:PORT...]          echoes every datagram back from the address it came to
 * UdpEcho probe ADDRESS PORT COUNT INTERVAL_MS WAIT_MS   prints "sent=N received=M intact=K median_ms=X"
 * </pre>
 * The probe waits up to WAIT_MS after the last datagram for the echoes still missing.
 * <pre>
 * </pre>
 * The probe sends numbered datagrams with a checksum-able payload and counts the echoes that come back, and those that
 * come back unchanged.
 */
public final class UdpEcho {

    private static final int PAYLOAD = 256;

    private UdpEcho() {}

    public static void main(String[] args) throws Exception {
        if (args[0].equals("serve")) {
            for (String endpoint : args[1].split(",")) {
                String[] parts = endpoint.split(":");
                DatagramSocket socket = new DatagramSocket(new InetSocketAddress(parts[0], Integer.parseInt(parts[1])));
                Thread.ofPlatform().start(() -> echo(socket));
            }
            System.out.println("serving");
            Thread.sleep(Long.MAX_VALUE);
        }
        probe(
                InetAddress.getByName(args[1]),
                Integer.parseInt(args[2]),
                Integer.parseInt(args[3]),
                Long.parseLong(args[4]),
                Long.parseLong(args[5]));
    }

    private static void echo(DatagramSocket socket) {
        byte[] buffer = new byte[2048];
        while (true) {
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                socket.receive(packet);
                socket.send(new DatagramPacket(packet.getData(), packet.getLength(), packet.getSocketAddress()));
            } catch (Exception e) {
                return;
            }
        }
    }

    private static void probe(InetAddress address, int port, int count, long intervalMillis, long waitMillis)
            throws Exception {
        long[] sentAt = new long[count];
        AtomicLongArray rtt = new AtomicLongArray(count);
        boolean[] intact = new boolean[count];
        DatagramSocket socket = new DatagramSocket();
        // connect first: connecting waits for a receive under way on the socket to end
        socket.connect(address, port);
        Thread receiver = Thread.ofPlatform().start(() -> receive(socket, sentAt, rtt, intact));
        try {
            for (int i = 0; i < count; i++) {
                sentAt[i] = System.nanoTime();
                byte[] payload = payload(i);
                socket.send(new DatagramPacket(payload, payload.length));
                Thread.sleep(intervalMillis);
            }
            long until = System.nanoTime() + waitMillis * 1_000_000;
            while (System.nanoTime() < until && missing(rtt)) {
                Thread.sleep(5);
            }
        } finally {
            // closing the socket is what ends the receiver
            socket.close();
            receiver.join();
        }
        List<Long> times = new ArrayList<>();
        int good = 0;
        for (int i = 0; i < count; i++) {
            if (rtt.get(i) > 0) {
                times.add(rtt.get(i));
            }
            good += intact[i] ? 1 : 0;
        }
        times.sort(null);
        double median = times.isEmpty() ? -1 : times.get(times.size() / 2) / 1e6;
        System.out.println("sent=" + count + " received=" + times.size() + " intact=" + good + " median_ms=" + median);
    }

    private static void receive(DatagramSocket socket, long[] sentAt, AtomicLongArray rtt, boolean[] intact) {
        byte[] buffer = new byte[2048];
        try {
            socket.setSoTimeout(0);
            while (true) {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                socket.receive(packet);
                long now = System.nanoTime();
                int sequence = ByteBuffer.wrap(packet.getData()).getInt();
                if (sequence >= 0 && sequence < rtt.length() && rtt.get(sequence) == 0) {
                    // intact is written before rtt, whose write publishes it to the probing thread
                    intact[sequence] = packet.getLength() == PAYLOAD
                            && Arrays.equals(Arrays.copyOf(packet.getData(), packet.getLength()), payload(sequence));
                    rtt.set(sequence, now - sentAt[sequence]);
                }
            }
        } catch (SocketTimeoutException e) {
            // not used: the socket is closed to end the receiver
        } catch (Exception e) {
            // closed
        }
    }

    private static boolean missing(AtomicLongArray rtt) {
        for (int i = 0; i < rtt.length(); i++) {
            if (rtt.get(i) == 0) {
                return true;
            }
        }
        return false;
    }

    private static byte[] payload(int sequence) {
        ByteBuffer payload = ByteBuffer.allocate(PAYLOAD).putInt(sequence);
        while (payload.hasRemaining()) {
            payload.put((byte) (sequence * 31 + payload.position()));
        }
        return payload.array();
    }
}
