package io.chaosplane.discovery.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SnapshotBatchesTest {

    private final ObjectMapper mapper = new ObjectMapper();

    private JsonNode pod(int i) {
        ObjectNode pod = mapper.createObjectNode();
        pod.put("kind", "Pod");
        pod.putObject("metadata").put("name", "pod-" + i).put("uid", "uid-" + i);
        pod.putObject("spec").put("nodeName", "node-a").put("padding", "x".repeat(900));
        return pod;
    }

    private ClusterSnapshot snapshot(int pods) {
        Map<String, List<JsonNode>> lists = new LinkedHashMap<>();
        List<JsonNode> podList = new ArrayList<>();
        for (int i = 0; i < pods; i++) {
            podList.add(pod(i));
        }
        lists.put("podList", podList);
        lists.put("namespaceList", List.of(mapper.createObjectNode().put("kind", "Namespace")));
        return new ClusterSnapshot("hce", List.of("shop"), lists);
    }

    @Test
    void a_small_snapshot_is_one_batch_of_one_with_every_field() throws Exception {
        List<ObjectNode> bodies = new SnapshotBatches(mapper, 4 * 1024 * 1024).split(snapshot(3), "snap-1");

        assertThat(bodies).singleElement().satisfies(body -> {
            List<String> fields = new ArrayList<>();
            body.fieldNames().forEachRemaining(fields::add);
            assertThat(fields)
                    .containsExactly(
                            "namespace",
                            "observedNamespaces",
                            "namespaceList",
                            "nodeList",
                            "serviceList",
                            "podList",
                            "replicaSetList",
                            "replicationControllerList",
                            "deploymentList",
                            "statefulSetList",
                            "daemonSetList",
                            "jobList",
                            "cronJobList",
                            "snapshotID",
                            "batch",
                            "batches");
            assertThat(body.get("namespace").asText()).isEqualTo("hce");
            assertThat(body.get("observedNamespaces").get(0).asText()).isEqualTo("shop");
            assertThat(body.get("podList")).hasSize(3);
            assertThat(body.get("snapshotID").asText()).isEqualTo("snap-1");
            assertThat(body.get("batch").asInt()).isEqualTo(1);
            assertThat(body.get("batches").asInt()).isEqualTo(1);
        });
    }

    @Test
    void a_large_snapshot_is_cut_into_numbered_batches_under_the_cap_that_together_hold_everything() throws Exception {
        int cap = 10 * 1024;
        List<ObjectNode> bodies = new SnapshotBatches(mapper, cap).split(snapshot(50), "snap-2");

        assertThat(bodies).hasSizeGreaterThan(4);
        List<String> pods = new ArrayList<>();
        for (int i = 0; i < bodies.size(); i++) {
            ObjectNode body = bodies.get(i);
            assertThat(mapper.writeValueAsBytes(body).length).isLessThanOrEqualTo(cap);
            assertThat(body.get("snapshotID").asText()).isEqualTo("snap-2");
            assertThat(body.get("batch").asInt()).isEqualTo(i + 1);
            assertThat(body.get("batches").asInt()).isEqualTo(bodies.size());
            assertThat(body.get("namespace").asText()).isEqualTo("hce");
            assertThat(body.has("cronJobList")).isTrue();
            body.get("podList")
                    .forEach(pod -> pods.add(pod.path("metadata").path("name").asText()));
        }
        assertThat(pods).hasSize(50).doesNotHaveDuplicates();
        assertThat(bodies.stream()
                        .mapToInt(body -> body.get("namespaceList").size())
                        .sum())
                .isEqualTo(1);
    }

    @Test
    void an_empty_cluster_is_still_one_body() {
        List<ObjectNode> bodies =
                new SnapshotBatches(mapper, 64 * 1024).split(new ClusterSnapshot("hce", List.of(), Map.of()), "snap-3");

        assertThat(bodies)
                .singleElement()
                .satisfies(body -> assertThat(body.get("podList")).isEmpty());
    }
}
