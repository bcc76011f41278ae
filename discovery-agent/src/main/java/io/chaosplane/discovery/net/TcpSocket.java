package io.chaosplane.discovery.net;

import java.net.InetAddress;

/**
 * One line of {@code /proc/net/tcp} or {@code /proc/net/tcp6}, decoded. An IPv4-mapped IPv6 address
 * ({@code ::ffff:a.b.c.d}) is already its IPv4 address here, so that a dual-stack socket and a plain one compare.
 */
public record TcpSocket(
        InetAddress localAddress, int localPort, InetAddress remoteAddress, int remotePort, int state, long inode) {

    /** The kernel's TCP_ESTABLISHED. */
    public static final int ESTABLISHED = 0x01;
    /** The kernel's TCP_LISTEN. */
    public static final int LISTEN = 0x0A;

    public boolean established() {
        return state == ESTABLISHED;
    }

    public boolean listening() {
        return state == LISTEN;
    }
}
