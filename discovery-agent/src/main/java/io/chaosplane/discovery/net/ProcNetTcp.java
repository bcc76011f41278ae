package io.chaosplane.discovery.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Reads the text of {@code /proc/net/tcp} and {@code /proc/net/tcp6}. The kernel prints an address as the 32-bit
 * words of the network-order address, each with {@code %08X}, that is in the host's byte order: {@code 0100007F} is
 * 127.0.0.1 on x86 and ARM (little-endian), {@code 7F000001} on s390x. Ports are printed in host order already.
 */
public final class ProcNetTcp {

    private final ByteOrder hostOrder;

    /** @param hostOrder the byte order of the kernel that wrote the file ({@link ByteOrder#nativeOrder()}) */
    public ProcNetTcp(ByteOrder hostOrder) {
        this.hostOrder = hostOrder;
    }

    /** The sockets of one file's text; the header and malformed lines are skipped. */
    public List<TcpSocket> parse(List<String> lines) {
        List<TcpSocket> sockets = new ArrayList<>();
        for (String line : lines) {
            String[] fields = line.strip().split("\\s+");
            // sl local rem st tx:rx tr:when retrnsmt uid timeout inode ...
            if (fields.length < 10 || !fields[0].endsWith(":") || fields[0].equals("sl")) {
                continue;
            }
            try {
                String[] local = fields[1].split(":");
                String[] remote = fields[2].split(":");
                sockets.add(new TcpSocket(
                        address(local[0]),
                        Integer.parseInt(local[1], 16),
                        address(remote[0]),
                        Integer.parseInt(remote[1], 16),
                        Integer.parseInt(fields[3], 16),
                        Long.parseLong(fields[9])));
            } catch (RuntimeException | UnknownHostException e) {
                // a line cut short by a concurrent change of the table: the next sample sees the socket
            }
        }
        return sockets;
    }

    /** An address as {@code /proc/net/tcp{,6}} prints it: 8 or 32 hex digits of host-order 32-bit words. */
    public InetAddress address(String hex) throws UnknownHostException {
        if (hex.length() != 8 && hex.length() != 32) {
            throw new UnknownHostException("not a /proc/net/tcp address: " + hex);
        }
        byte[] printed = HexFormat.of().parseHex(hex);
        byte[] network = new byte[printed.length];
        for (int word = 0; word < printed.length; word += 4) {
            for (int i = 0; i < 4; i++) {
                network[word + i] = hostOrder == ByteOrder.LITTLE_ENDIAN ? printed[word + 3 - i] : printed[word + i];
            }
        }
        // getByAddress turns an IPv4-mapped IPv6 address into its Inet4Address
        return InetAddress.getByAddress(network);
    }
}
