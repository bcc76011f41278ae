package io.chaosplane.discovery.net;

import java.util.List;

/** Seed 001's second data shape: {@code {nodeName, connectionList}}. */
public record ConnectionReport(String nodeName, List<Connection> connectionList) {

    public ConnectionReport {
        connectionList = List.copyOf(connectionList);
    }
}
