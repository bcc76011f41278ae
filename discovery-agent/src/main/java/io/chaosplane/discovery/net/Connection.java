package io.chaosplane.discovery.net;

/**
 * One entry of seed 001's {@code connectionList}: the source pod (node mode) or process (host mode), the Service or
 * pod behind the destination address when it is one (empty otherwise: an external address), and how many distinct
 * connections the window saw.
 */
public record Connection(
        String sourceIP,
        String destinationIP,
        int destinationPort,
        String sourcePodUID,
        String destinationServiceUID,
        String destinationPodUID,
        String process,
        int count) {}
