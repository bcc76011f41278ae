package io.chaosplane.discovery.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ClusterCollectorTest {

    private PagingMockCluster cluster;
    private KubernetesClient client;

    @BeforeEach
    void shop() {
        cluster = new PagingMockCluster();
        client = cluster.client();
        ThreeServiceShop.create(client);
        cluster.forgetRequests();
    }

    @AfterEach
    void close() {
        client.close();
        cluster.close();
    }

    private ClusterSnapshot collect(ClusterScope scope, int pageSize) {
        return new ClusterCollector(client, scope, pageSize).collect();
    }

    private static ClusterScope everything() {
        return new ClusterScope("hce", "", List.of(), List.of(), false, false);
    }

    private static List<String> names(ClusterSnapshot snapshot, String field) {
        return snapshot.lists().get(field).stream()
                .map(object -> object.path("metadata").path("name").asText())
                .toList();
    }

    @Test
    void a_snapshot_has_every_field_of_seed_001_with_the_clusters_objects_as_kubernetes_json() {
        ClusterSnapshot snapshot = collect(everything(), 500);

        assertThat(snapshot.namespace()).isEqualTo("hce");
        assertThat(snapshot.lists().keySet()).containsExactlyElementsOf(ClusterSnapshot.LIST_FIELDS);
        assertThat(names(snapshot, "serviceList")).containsExactlyInAnyOrder("frontend", "cart", "database");
        assertThat(names(snapshot, "deploymentList")).containsExactlyInAnyOrder("frontend", "cart", "database");
        assertThat(names(snapshot, "replicaSetList"))
                .containsExactlyInAnyOrder("frontend-rs", "cart-rs", "database-rs");
        assertThat(names(snapshot, "nodeList")).containsExactly("node-a");
        assertThat(names(snapshot, "namespaceList")).containsExactlyInAnyOrder("shop", "kube-system");
        JsonNode service = snapshot.lists().get("serviceList").stream()
                .filter(object -> object.path("metadata").path("name").asText().equals("cart"))
                .findFirst()
                .orElseThrow();
        assertThat(service.path("kind").asText()).isEqualTo("Service");
        assertThat(service.path("metadata").path("uid").asText())
                .isNotEmpty()
                .isEqualTo(client.services()
                        .inNamespace("shop")
                        .withName("cart")
                        .get()
                        .getMetadata()
                        .getUid());
        assertThat(service.path("spec").path("clusterIP").asText()).isEqualTo("10.24.0.20");
    }

    @Test
    void no_configmap_or_secret_request_ever_reaches_the_api_server() {
        collect(new ClusterScope("hce", "", List.of(), List.of(), true, true), 2);
        collect(new ClusterScope("hce", "team=shop", List.of("shop"), List.of(), true, true), 2);

        assertThat(cluster.requests()).isNotEmpty();
        assertThat(cluster.requests())
                .noneMatch(request -> request.contains("configmaps") || request.contains("secrets"));
        assertThat(cluster.requests()).allMatch(request -> request.startsWith("GET "));
    }

    @Test
    void lists_are_read_in_pages_following_continue() {
        ClusterSnapshot snapshot = collect(new ClusterScope("hce", "", List.of(), List.of(), true, false), 2);

        List<String> podCalls = cluster.requests().stream()
                .filter(request -> request.startsWith("GET /api/v1/pods?"))
                .toList();
        // seven pods outside batch jobs and the job's pod: four pages of two
        assertThat(podCalls).hasSize(4).allMatch(request -> request.contains("limit=2"));
        assertThat(podCalls.get(0)).doesNotContain("continue=");
        assertThat(podCalls.subList(1, 4)).allMatch(request -> request.contains("continue="));
        assertThat(names(snapshot, "podList"))
                .containsExactlyInAnyOrder(
                        "frontend-0", "frontend-1", "cart-0", "cart-1", "database-0", "coredns-1", "debug");
        assertThat(cluster.requests().stream().filter(request -> request.startsWith("GET /api/v1/services?")))
                .hasSize(2);
    }

    @Test
    void pods_no_workload_owns_and_batch_resources_come_only_when_enabled() {
        ClusterSnapshot plain = collect(everything(), 500);

        assertThat(names(plain, "podList")).doesNotContain("debug", "nightly-report-x1");
        assertThat(plain.lists().get("jobList")).isEmpty();
        assertThat(plain.lists().get("cronJobList")).isEmpty();
        assertThat(cluster.requests()).noneMatch(request -> request.contains("/apis/batch/"));

        ClusterSnapshot all = collect(new ClusterScope("hce", "", List.of(), List.of(), true, true), 500);

        assertThat(names(all, "podList")).contains("debug", "nightly-report-x1");
        assertThat(names(all, "jobList")).containsExactly("nightly-report");
    }

    @Test
    void blacklisted_namespaces_are_left_out() {
        ClusterSnapshot snapshot =
                collect(new ClusterScope("hce", "", List.of(), List.of("kube-system"), true, false), 500);

        assertThat(names(snapshot, "namespaceList")).containsExactly("shop");
        assertThat(snapshot.observedNamespaces()).containsExactly("shop");
        assertThat(names(snapshot, "podList")).doesNotContain("coredns-1");
    }

    @Test
    void observed_namespaces_are_listed_one_by_one_and_nothing_else() {
        ClusterSnapshot snapshot = collect(new ClusterScope("hce", "", List.of("shop"), List.of(), true, false), 500);

        assertThat(snapshot.observedNamespaces()).containsExactly("shop");
        assertThat(names(snapshot, "podList")).doesNotContain("coredns-1").contains("debug");
        assertThat(cluster.requests())
                .filteredOn(request -> request.contains("/pods"))
                .allMatch(request -> request.startsWith("GET /api/v1/namespaces/shop/pods?"));
    }

    @Test
    void the_namespace_selector_goes_to_the_api_server() {
        ClusterSnapshot snapshot =
                collect(new ClusterScope("hce", "team=shop", List.of(), List.of(), true, false), 500);

        assertThat(cluster.requests())
                .anyMatch(
                        request -> request.startsWith("GET /api/v1/namespaces?") && request.contains("labelSelector="));
        assertThat(names(snapshot, "namespaceList")).containsExactly("shop");
        assertThat(names(snapshot, "serviceList")).hasSize(3);
        assertThat(names(snapshot, "podList")).doesNotContain("coredns-1");
    }
}
