package io.chaosplane.controlplane.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosplane.controlplane.discovery.ClusterInventory.Owner;
import io.chaosplane.controlplane.discovery.ClusterInventory.PodObject;
import io.chaosplane.controlplane.discovery.ClusterInventory.ServiceObject;
import io.chaosplane.controlplane.discovery.ClusterInventory.WorkloadObject;
import io.chaosplane.controlplane.discovery.NodeConnections.Connection;
import io.chaosplane.topology.Component;
import io.chaosplane.topology.Dependency;
import io.chaosplane.topology.Topology;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class GraphBuilderTest {

    static PodObject pod(String uid, String app, String ip, boolean ready, Owner... owners) {
        return new PodObject(uid, uid, "ns", Map.of("app", app), ip, "node-1", ready, List.of(owners));
    }

    @Test
    void workloadsWithoutAServiceHostProcessesAndExternalEndpointsAreComponentsToo() {
        ClusterInventory inventory = new ClusterInventory(
                List.of("ns"),
                List.of("node-1"),
                List.of(new ServiceObject(
                        "svc-r", "redis", "ns", Map.of(), Map.of("app", "redis"), List.of("10.96.0.9"), List.of(6379))),
                List.of(
                        pod("r1", "redis", "10.0.0.1", true, new Owner("StatefulSet", "redis", "sts")),
                        pod("w1", "worker", "10.0.0.2", true, new Owner("ReplicaSet", "worker-1", "rs")),
                        pod("w2", "worker", "10.0.0.3", false, new Owner("ReplicaSet", "worker-1", "rs")),
                        pod("lonely", "lonely", "10.0.0.4", false)),
                List.of(
                        new WorkloadObject("sts", "StatefulSet", "redis", "ns", Map.of(), 1, List.of()),
                        new WorkloadObject(
                                "rs",
                                "ReplicaSet",
                                "worker-1",
                                "ns",
                                Map.of(),
                                2,
                                List.of(new Owner("Deployment", "worker", "dep"))),
                        new WorkloadObject("dep", "Deployment", "worker", "ns", Map.of("team", "jobs"), 2, List.of()),
                        new WorkloadObject("cj", "CronJob", "nightly", "ns", Map.of(), null, List.of())));
        NodeConnections node = new NodeConnections(
                "node-1",
                List.of(
                        // by IP only: the worker's pod reaches redis's cluster IP
                        new Connection("10.0.0.2", "10.96.0.9", 6379, "w1", null, null, null, 4),
                        new Connection("10.0.0.3", "10.96.0.9", 6379, null, null, null, null, 0),
                        new Connection(null, "10.0.0.1", 6379, null, null, null, "backup", 1),
                        new Connection(null, "2001:db8::1", 5432, null, null, null, "backup", 1),
                        // an unknown source pod: skipped until a snapshot knows it
                        new Connection("10.9.9.9", "10.0.0.1", 6379, "ghost", null, null, null, 7)));

        Topology result = GraphBuilder.build(inventory, List.of(node));

        Map<String, String> components = result.components().stream()
                .collect(Collectors.toMap(Component::id, c -> c.type() + "/" + c.replicas() + "/" + c.health()));
        assertThat(components)
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "redis.ns", "cache/1/healthy",
                        "worker.ns", "service/2/degraded",
                        "lonely.ns", "service/1/down",
                        "nightly.ns", "service/1/healthy",
                        "backup@node-1", "process/1/healthy",
                        "[2001:db8::1]:5432", "database/1/healthy"));
        assertThat(result.dependencies())
                .extracting(Dependency::source, Dependency::target, Dependency::weight)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("worker.ns", "redis.ns", 1.0),
                        org.assertj.core.groups.Tuple.tuple("backup@node-1", "redis.ns", 0.5),
                        org.assertj.core.groups.Tuple.tuple("backup@node-1", "[2001:db8::1]:5432", 0.5));
        Component worker = result.components().stream()
                .filter(c -> c.id().equals("worker.ns"))
                .findFirst()
                .orElseThrow();
        assertThat(worker.labels()).containsEntry("team", "jobs");
    }

    @Test
    void kubernetesJsonAndTheGoFieldFormReadAlike() {
        JsonMapper json = JsonMapper.builder().build();
        ClusterInventory api = ClusterInventory.read(json.readTree("""
                {"podList":[{"metadata":{"name":"p","namespace":"ns","uid":"u1","labels":{"app":"a"},
                  "ownerReferences":[{"kind":"ReplicaSet","name":"rs","uid":"r"}]},
                  "spec":{"nodeName":"n"},"status":{"phase":"Running","podIP":"10.0.0.1",
                  "conditions":[{"type":"Ready","status":"True"}]}}]}"""));
        ClusterInventory go = ClusterInventory.read(json.readTree("""
                {"podList":[{"typemeta":{"kind":"","apiversion":""},"objectmeta":{"name":"p","namespace":"ns",
                  "uid":"u1","labels":{"app":"a"},"ownerreferences":[{"kind":"ReplicaSet","name":"rs","uid":"r"}]},
                  "spec":{"nodename":"n"},"status":{"phase":"Running","podip":"10.0.0.1",
                  "conditions":[{"type":"Ready","status":"True"}]}}]}"""));
        assertThat(go).isEqualTo(api);
    }
}
