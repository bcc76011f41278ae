package io.chaosplane.agent.linux.network;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns DestinationHosts and DestinationPorts into u32 matches: one per host and port (every host when only ports are
 * given, every port when only hosts are, all IPv4 and IPv6 traffic when neither is). Host names are resolved once, at
 * injection.
 */
final class Destinations {

    /** One u32 filter: the protocol it applies to, its tc priority (one per protocol) and its match words. */
    record Match(String protocol, int priority, List<String> words) {}

    private Destinations() {}

    static List<Match> matches(List<String> hosts, List<Long> ports) throws UnknownHostException {
        if (hosts.isEmpty() && ports.isEmpty()) {
            // all IP traffic, but not ARP and neighbour discovery: losing those would turn P% into much more
            List<String> everything = List.of("match", "u32", "0", "0");
            return List.of(new Match("ip", 1, everything), new Match("ipv6", 2, everything));
        }
        List<Match> matches = new ArrayList<>();
        List<Network> networks = hosts.isEmpty() ? List.of(Network.ANY_V4, Network.ANY_V6) : resolve(hosts);
        for (Network network : networks) {
            String family = network.v6() ? "ip6" : "ip";
            List<String> destination = network.any() ? List.of() : List.of("match", family, "dst", network.cidr());
            if (ports.isEmpty()) {
                matches.add(match(network, destination));
            }
            for (long port : ports) {
                List<String> words = new ArrayList<>(destination);
                words.addAll(List.of("match", family, "dport", Long.toString(port), "0xffff"));
                matches.add(match(network, words));
            }
        }
        return matches;
    }

    private static Match match(Network network, List<String> words) {
        return network.v6() ? new Match("ipv6", 2, words) : new Match("ip", 1, words);
    }

    /** An address or network to match, or any address of a family. */
    private record Network(String cidr, boolean v6, boolean any) {

        static final Network ANY_V4 = new Network(null, false, true);
        static final Network ANY_V6 = new Network(null, true, true);
    }

    private static List<Network> resolve(List<String> hosts) throws UnknownHostException {
        Set<Network> networks = new LinkedHashSet<>();
        for (String host : hosts) {
            int slash = host.indexOf('/');
            if (slash >= 0) {
                InetAddress address = InetAddress.getByName(host.substring(0, slash));
                int bits = Integer.parseInt(host.substring(slash + 1));
                if (bits < 0 || bits > (address instanceof Inet6Address ? 128 : 32)) {
                    throw new UnknownHostException(host + " has a prefix length out of range");
                }
                networks.add(
                        new Network(address.getHostAddress() + "/" + bits, address instanceof Inet6Address, false));
                continue;
            }
            String name = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
            for (InetAddress address : InetAddress.getAllByName(name)) {
                boolean v6 = address instanceof Inet6Address;
                networks.add(new Network(
                        address.getHostAddress().replaceAll("%.*$", "") + (v6 ? "/128" : "/32"), v6, false));
            }
        }
        return List.copyOf(networks);
    }
}
