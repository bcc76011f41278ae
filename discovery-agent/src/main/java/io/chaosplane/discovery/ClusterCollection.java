package io.chaosplane.discovery;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chaosplane.discovery.cluster.ClusterCollector;
import io.chaosplane.discovery.cluster.ClusterSnapshot;
import io.chaosplane.discovery.cluster.SnapshotBatches;
import io.chaosplane.discovery.upload.Uploader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The cluster mode's cycle: one snapshot, cut into batches of one snapshot id, sent in order. A batch the control plane
 * does not take ends the cycle: it swaps a snapshot in only when all its batches are there, so the rest would be
 * wasted; the next cron tick sends a whole new snapshot.
 */
final class ClusterCollection implements Collection {

    private static final System.Logger LOG = System.getLogger(ClusterCollection.class.getName());

    private final ClusterCollector collector;
    private final SnapshotBatches batches;
    private final Uploader uploader;
    private final ObjectMapper mapper;
    private final Supplier<String> snapshotIds;

    ClusterCollection(
            ClusterCollector collector,
            SnapshotBatches batches,
            Uploader uploader,
            ObjectMapper mapper,
            Supplier<String> snapshotIds) {
        this.collector = collector;
        this.batches = batches;
        this.uploader = uploader;
        this.mapper = mapper;
        this.snapshotIds = snapshotIds;
    }

    static Supplier<String> randomIds() {
        return () -> UUID.randomUUID().toString();
    }

    @Override
    public boolean run() throws InterruptedException {
        ClusterSnapshot snapshot = collector.collect();
        String snapshotId = snapshotIds.get();
        List<ObjectNode> bodies = batches.split(snapshot, snapshotId);
        for (ObjectNode body : bodies) {
            byte[] json;
            try {
                json = mapper.writeValueAsBytes(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            String what =
                    "snapshot " + snapshotId + " batch " + body.get("batch").asInt() + "/" + bodies.size();
            if (uploader.send(json, what) != Uploader.Outcome.DELIVERED) {
                LOG.log(
                        System.Logger.Level.WARNING,
                        "snapshot {0} incomplete; the next collection sends a new one",
                        snapshotId);
                return false;
            }
        }
        LOG.log(
                System.Logger.Level.INFO,
                "pushed snapshot {0}: {1} objects in {2} batch(es)",
                snapshotId,
                snapshot.objectCount(),
                bodies.size());
        return true;
    }
}
