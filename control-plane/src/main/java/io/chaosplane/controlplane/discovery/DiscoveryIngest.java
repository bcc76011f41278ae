package io.chaosplane.controlplane.discovery;

import io.chaosplane.controlplane.access.ProjectScope;
import io.chaosplane.controlplane.discovery.DiscoveryDtos.UploadResult;
import io.chaosplane.controlplane.topology.DiscoveredTopologies;
import io.chaosplane.service.web.FieldProblem;
import io.chaosplane.service.web.InvalidInputException;
import io.chaosplane.service.web.NotFoundException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What discovery agents send (seed 001): a cluster snapshot, maybe in batches, or a node's connections. A complete
 * snapshot replaces the agent's previous one; a node's connections replace its previous window; then the project's
 * graph is rebuilt from every agent's latest and written as discovered, a revision when it changed. A replayed
 * upload changes nothing.
 */
@Service
class DiscoveryIngest {

    private static final Pattern SNAPSHOT_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    static final int MAX_BATCHES = 10_000;

    private final DiscoveryAgentStore store;
    private final DiscoveredTopologies topologies;
    private final JsonMapper json;
    private final Clock clock;

    DiscoveryIngest(DiscoveryAgentStore store, DiscoveredTopologies topologies, JsonMapper json, Clock clock) {
        this.store = store;
        this.topologies = topologies;
        this.json = json;
        this.clock = clock;
    }

    /** Runs in the agent's account, which its token named. */
    @Transactional
    UploadResult upload(String accountId, String agentId, JsonNode body, long bytes) {
        DiscoveryAgent agent = store.find(accountId, agentId)
                .orElseThrow(() -> new NotFoundException("discovery agent '" + agentId + "' not found"));
        if (body == null || !body.isObject()) {
            throw InvalidInputException.of("body", "must be a JSON object: a cluster snapshot or a node's connections");
        }
        boolean node = body.has("nodeName") || body.has("connectionList");
        boolean cluster = ClusterInventory.LISTS.stream().anyMatch(body::has)
                || body.has("namespace")
                || body.has("observedNamespaces");
        if (node == cluster) {
            throw InvalidInputException.of(
                    "body",
                    node
                            ? "is both a cluster snapshot and a node's connections: send one of them"
                            : "is neither a cluster snapshot (namespaceList, nodeList, serviceList, podList, ...,"
                                    + " cronJobList) nor a node's connections (nodeName, connectionList)");
        }
        store.lockAgent(agent.id());
        Instant now = clock.instant();
        return node ? nodeUpload(agent, body, bytes, now) : clusterUpload(agent, body, bytes, now);
    }

    private UploadResult clusterUpload(DiscoveryAgent agent, JsonNode body, long bytes, Instant now) {
        List<FieldProblem> problems = new ArrayList<>();
        String snapshotId = text(body, "snapshotID");
        Integer batch = integer(body, "batch", problems);
        Integer batches = integer(body, "batches", problems);
        if (snapshotId != null && !SNAPSHOT_ID.matcher(snapshotId).matches()) {
            problems.add(new FieldProblem("snapshotID", "must be 1 to 64 letters, digits, '.', '_', ':' or '-'"));
        }
        boolean batched = snapshotId != null || batch != null || batches != null;
        if (batched && (snapshotId == null || batch == null || batches == null)) {
            problems.add(new FieldProblem(
                    snapshotId == null ? "snapshotID" : batch == null ? "batch" : "batches",
                    "is required with the other two: a snapshot in batches names its snapshotID, batch and batches"));
        } else if (batched && (batches < 1 || batches > MAX_BATCHES)) {
            problems.add(new FieldProblem("batches", "must be between 1 and " + MAX_BATCHES));
        } else if (batched && (batch < 1 || batch > batches)) {
            problems.add(new FieldProblem("batch", "must be between 1 and batches (" + batches + ")"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        ClusterInventory inventory = ClusterInventory.read(body);
        String id = batched ? snapshotId : "single-" + UUID.randomUUID();
        int number = batched ? batch : 1;
        int of = batched ? batches : 1;
        if (batched
                && store.currentSnapshotId(agent.accountId(), agent.id())
                        .filter(id::equals)
                        .isPresent()) {
            return new UploadResult("cluster", id, number, of, true, null, true);
        }
        boolean fresh = store.insertBatch(
                agent.accountId(), agent.id(), id, number, of, bytes, json.writeValueAsString(inventory), now);
        List<DiscoveryAgentStore.Batch> received = store.batches(agent.accountId(), agent.id(), id);
        boolean complete = received.size() == of && received.stream().allMatch(b -> b.batches() == of);
        if (!fresh) {
            return new UploadResult("cluster", id, number, of, false, null, true);
        }
        if (!complete) {
            return new UploadResult("cluster", id, number, of, false, null, false);
        }
        ClusterInventory whole = ClusterInventory.empty();
        long size = 0;
        for (DiscoveryAgentStore.Batch part : received) {
            whole = whole.plus(json.readValue(part.body(), ClusterInventory.class));
            size += part.bytes();
        }
        store.swapIn(agent.accountId(), agent.id(), id, size, json.writeValueAsString(whole), now);
        store.markActive(agent.accountId(), agent.id(), now, size, id);
        rebuild(agent);
        return new UploadResult("cluster", batched ? id : null, number, of, true, null, false);
    }

    private UploadResult nodeUpload(DiscoveryAgent agent, JsonNode body, long bytes, Instant now) {
        NodeConnections connections = NodeConnections.read(body);
        boolean changed = store.replaceConnections(
                agent.accountId(),
                agent.id(),
                connections.nodeName(),
                json.writeValueAsString(connections.connections()),
                now);
        boolean hasSnapshot =
                store.currentSnapshotId(agent.accountId(), agent.id()).isPresent();
        // a plain host has no cluster snapshot: its connections are what it discovered
        store.markActive(agent.accountId(), agent.id(), hasSnapshot ? null : now, hasSnapshot ? null : bytes, null);
        if (changed) {
            rebuild(agent);
        }
        return new UploadResult(
                "node", null, null, null, null, connections.connections().size(), !changed);
    }

    /** The project's graph from every agent's latest snapshot and connections. */
    private void rebuild(DiscoveryAgent agent) {
        ProjectScope scope = agent.scope();
        List<String> agents = store.agentIds(scope);
        ClusterInventory inventory = ClusterInventory.empty();
        for (String body : store.snapshotBodies(scope.accountId(), agents)) {
            inventory = inventory.plus(json.readValue(body, ClusterInventory.class));
        }
        List<NodeConnections> nodes = new ArrayList<>();
        for (DiscoveryAgentStore.NodeRow row : store.connections(scope.accountId(), agents)) {
            nodes.add(new NodeConnections(
                    row.nodeName(),
                    json.readValue(row.connections(), new TypeReference<List<NodeConnections.Connection>>() {})));
        }
        topologies.replaceFound(scope, GraphBuilder.build(inventory, nodes), "discovery-agent:" + agent.id());
    }

    private static String text(JsonNode body, String name) {
        JsonNode value = body.get(name);
        return value == null || value.isNull() ? null : value.asString();
    }

    private static Integer integer(JsonNode body, String name, List<FieldProblem> problems) {
        JsonNode value = body.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            problems.add(new FieldProblem(name, "must be a whole number"));
            return null;
        }
        return value.asInt();
    }
}
