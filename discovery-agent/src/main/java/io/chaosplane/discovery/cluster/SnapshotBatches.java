package io.chaosplane.discovery.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a snapshot into request bodies no bigger (uncompressed) than the control plane's cap allows. Every body has
 * seed 001's whole shape ({@code namespace}, {@code observedNamespaces} and all eleven lists, empty where this batch
 * has none) plus {@code snapshotID}, {@code batch} (1-based) and {@code batches}, so that the control plane swaps the
 * snapshot in once all batches of one id are there and can ignore a batch it already has. A small cluster is one
 * batch of one.
 */
public final class SnapshotBatches {

    /** Room for the envelope: the namespace fields, the empty lists, the batch fields. */
    private static final int ENVELOPE_BYTES = 1024;

    private final ObjectMapper mapper;
    private final int maxBytes;

    public SnapshotBatches(ObjectMapper mapper, int maxBytes) {
        this.mapper = mapper;
        this.maxBytes = maxBytes;
    }

    public List<ObjectNode> split(ClusterSnapshot snapshot, String snapshotId) {
        int envelope = ENVELOPE_BYTES + bytes(mapper.valueToTree(snapshot.observedNamespaces()));
        List<List<Entry>> batches = new ArrayList<>();
        List<Entry> current = new ArrayList<>();
        long size = envelope;
        for (String field : ClusterSnapshot.LIST_FIELDS) {
            for (JsonNode object : snapshot.lists().get(field)) {
                int objectBytes = bytes(object) + 1;
                // an object bigger than a batch still goes, alone: the control plane's 413 is clearer than a gap
                if (!current.isEmpty() && size + objectBytes > maxBytes) {
                    batches.add(current);
                    current = new ArrayList<>();
                    size = envelope;
                }
                current.add(new Entry(field, object));
                size += objectBytes;
            }
        }
        if (!current.isEmpty() || batches.isEmpty()) {
            batches.add(current);
        }
        List<ObjectNode> bodies = new ArrayList<>();
        for (int i = 0; i < batches.size(); i++) {
            ObjectNode body = mapper.createObjectNode();
            body.put("namespace", snapshot.namespace());
            ArrayNode observed = body.putArray("observedNamespaces");
            snapshot.observedNamespaces().forEach(observed::add);
            for (String field : ClusterSnapshot.LIST_FIELDS) {
                body.putArray(field);
            }
            for (Entry entry : batches.get(i)) {
                ((ArrayNode) body.get(entry.field())).add(entry.object());
            }
            body.put("snapshotID", snapshotId);
            body.put("batch", i + 1);
            body.put("batches", batches.size());
            bodies.add(body);
        }
        return bodies;
    }

    private record Entry(String field, JsonNode object) {}

    private int bytes(JsonNode node) {
        try {
            return mapper.writeValueAsBytes(node).length;
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
