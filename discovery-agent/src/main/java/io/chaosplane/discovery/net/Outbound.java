package io.chaosplane.discovery.net;

/**
 * An outbound connection as seen on the node or host, before the pods and services behind its addresses are known.
 *
 * @param process the command name of the owning process (host mode), else empty
 */
public record Outbound(String sourceIP, String destinationIP, int destinationPort, String process) {}
