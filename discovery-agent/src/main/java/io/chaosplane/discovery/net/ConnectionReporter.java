package io.chaosplane.discovery.net;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns a window's connections into seed 001's report. On a node, a connection whose source is no pod of this node
 * (the node itself, a host-network pod, the kubelet's probes) is skipped, with seed 001's log line; its destination is
 * named as a Service (a cluster IP) or a pod, or left empty (outside the cluster). On a plain host every connection is
 * kept and named by its process.
 */
public final class ConnectionReporter {

    private static final System.Logger LOG = System.getLogger(ConnectionReporter.class.getName());

    private ConnectionReporter() {}

    public static ConnectionReport node(String nodeName, Map<Outbound, Integer> window, PodAddresses addresses) {
        List<Connection> connections = new ArrayList<>();
        window.forEach((outbound, count) -> {
            String sourcePod = addresses.sourcePod(outbound.sourceIP()).orElse(null);
            if (sourcePod == null) {
                LOG.log(
                        System.Logger.Level.INFO,
                        "skipping connection '{'{0} {1} {2,number,#}'}' as source is not a pod",
                        outbound.sourceIP(),
                        outbound.destinationIP(),
                        outbound.destinationPort());
                return;
            }
            String service = addresses.service(outbound.destinationIP()).orElse("");
            String pod =
                    service.isEmpty() ? addresses.pod(outbound.destinationIP()).orElse("") : "";
            LOG.log(
                    System.Logger.Level.INFO,
                    "connection {0} -> {1}:{2,number,#} from pod '{'{3}'}' to svc '{'{4}'}' or pod '{'{5}'}' added to"
                            + " the list",
                    outbound.sourceIP(),
                    outbound.destinationIP(),
                    outbound.destinationPort(),
                    sourcePod,
                    service,
                    pod);
            connections.add(new Connection(
                    outbound.sourceIP(),
                    outbound.destinationIP(),
                    outbound.destinationPort(),
                    sourcePod,
                    service,
                    pod,
                    "",
                    count));
        });
        return new ConnectionReport(nodeName, connections);
    }

    public static ConnectionReport host(String hostName, Map<Outbound, Integer> window) {
        List<Connection> connections = new ArrayList<>();
        window.forEach((outbound, count) -> connections.add(new Connection(
                outbound.sourceIP(),
                outbound.destinationIP(),
                outbound.destinationPort(),
                "",
                "",
                "",
                outbound.process(),
                count)));
        return new ConnectionReport(hostName, connections);
    }
}
