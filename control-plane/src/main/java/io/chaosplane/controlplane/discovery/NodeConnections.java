package io.chaosplane.controlplane.discovery;

import io.chaosplane.service.web.FieldProblem;
import io.chaosplane.service.web.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A node collector's upload (seed 001): {@code {nodeName, connectionList}}, each connection established outbound from
 * a pod of the node (or, on a plain host, from a named process) during the collection window.
 */
record NodeConnections(String nodeName, List<Connection> connections) {

    static final int MAX_CONNECTIONS = 100_000;

    record Connection(
            String sourceIP,
            String destinationIP,
            int destinationPort,
            String sourcePodUID,
            String destinationServiceUID,
            String destinationPodUID,
            String process,
            long count) {}

    static NodeConnections read(JsonNode body) {
        List<FieldProblem> problems = new ArrayList<>();
        JsonNode name = body.get("nodeName");
        if (name == null
                || !name.isString()
                || name.asString().isBlank()
                || name.asString().length() > 253) {
            problems.add(new FieldProblem("nodeName", "is required: the node's (or host's) name, at most 253"));
        }
        JsonNode list = body.get("connectionList");
        List<Connection> connections = new ArrayList<>();
        if (list != null && !list.isNull() && !list.isArray()) {
            problems.add(new FieldProblem("connectionList", "must be an array of connections"));
        } else if (list != null && list.size() > MAX_CONNECTIONS) {
            problems.add(new FieldProblem("connectionList", "holds at most " + MAX_CONNECTIONS + " connections"));
        } else if (list != null) {
            for (int i = 0; i < list.size(); i++) {
                String at = "connectionList[" + i + "]";
                JsonNode c = list.get(i);
                if (!c.isObject()) {
                    problems.add(new FieldProblem(at, "must be an object"));
                    continue;
                }
                String destination = ClusterInventory.text(c, "destinationIP");
                if (destination == null || destination.isBlank()) {
                    problems.add(new FieldProblem(at + ".destinationIP", "is required"));
                }
                JsonNode port = ClusterInventory.field(c, "destinationPort");
                if (port == null || !port.canConvertToInt() || port.asInt() < 1 || port.asInt() > 65535) {
                    problems.add(new FieldProblem(at + ".destinationPort", "must be a port, 1 to 65535"));
                }
                JsonNode count = ClusterInventory.field(c, "count");
                if (count != null && !count.isNull() && (!count.isIntegralNumber() || count.asLong() < 0)) {
                    problems.add(new FieldProblem(at + ".count", "must be a whole number, 0 or more"));
                }
                String sourcePod = blankless(ClusterInventory.text(c, "sourcePodUID"));
                String process = blankless(ClusterInventory.text(c, "process"));
                if (sourcePod == null && process == null && blankless(ClusterInventory.text(c, "sourceIP")) == null) {
                    problems.add(new FieldProblem(
                            at + ".sourcePodUID", "is required unless process or sourceIP names the source"));
                }
                if (problems.isEmpty()) {
                    connections.add(new Connection(
                            blankless(ClusterInventory.text(c, "sourceIP")),
                            destination,
                            port.asInt(),
                            sourcePod,
                            blankless(ClusterInventory.text(c, "destinationServiceUID")),
                            blankless(ClusterInventory.text(c, "destinationPodUID")),
                            process,
                            count == null || count.isNull() ? 1 : count.asLong()));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return new NodeConnections(name.asString(), connections);
    }

    private static String blankless(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
