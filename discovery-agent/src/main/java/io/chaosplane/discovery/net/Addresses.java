package io.chaosplane.discovery.net;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Addresses as text in one form, so that a socket's address and a pod's or Service's (as Kubernetes writes them)
 * compare: IPv4 dotted, IPv6 in RFC 5952's form ({@code 2001:db8::2}, not Java's {@code 2001:db8:0:0:0:0:0:2}), an
 * IPv4-mapped IPv6 address as its IPv4 address.
 */
public final class Addresses {

    private Addresses() {}

    public static String text(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address.getHostAddress();
        }
        byte[] bytes = address.getAddress();
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
        }
        // the longest run of two or more zero groups (the first of equals) becomes "::"
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (!text.isEmpty() && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }

    /** An address literal as Kubernetes writes it, in the same form; empty if it is not a literal. */
    public static Optional<String> normalize(String literal) {
        if (literal == null || literal.isBlank() || !literal.matches("[0-9A-Fa-f.:]+")) {
            return Optional.empty();
        }
        try {
            // a literal of digits, dots and colons only: parsed, never looked up
            return Optional.of(text(InetAddress.getByName(literal)));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
