package io.chaosplane.agent.k8s.fault;

import io.chaosplane.protocol.catalog.FaultInputs;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The destinations a network fault is limited to: DESTINATION_IPS, and the addresses of DESTINATION_HOSTS. */
final class Destinations {

    private Destinations() {}

    /**
     * DESTINATION_IPS as given, then the IPv4 addresses of each of DESTINATION_HOSTS as the runner resolves them at
     * injection (in the cluster, with the cluster's DNS, as the target pods would). A host name without an IPv4
     * address fails the injection rather than widen the fault to all traffic.
     */
    static List<String> of(FaultInputs inputs) throws UnknownHostException {
        Set<String> destinations = new LinkedHashSet<>(inputs.list("DESTINATION_IPS", String.class));
        for (String host : inputs.list("DESTINATION_HOSTS", String.class)) {
            List<String> addresses = new ArrayList<>();
            for (InetAddress address : InetAddress.getAllByName(host)) {
                if (address instanceof Inet4Address) {
                    addresses.add(address.getHostAddress());
                }
            }
            if (addresses.isEmpty()) {
                throw new UnknownHostException("DESTINATION_HOSTS: " + host + " has no IPv4 address");
            }
            destinations.addAll(addresses);
        }
        return List.copyOf(destinations);
    }
}
