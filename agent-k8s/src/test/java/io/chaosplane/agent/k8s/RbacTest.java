package io.chaosplane.agent.k8s;

import static io.chaosplane.agent.k8s.testing.FaultHarness.RUNNER_NAMESPACE;
import static io.chaosplane.agent.k8s.testing.FaultHarness.deployment;
import static org.assertj.core.api.Assertions.assertThat;

import io.chaosplane.agent.config.Secret;
import io.chaosplane.agent.k8s.probe.K8sProbeCheck;
import io.chaosplane.agent.k8s.testing.FaultHarness;
import io.chaosplane.agent.remote.AgentIdentity;
import io.chaosplane.protocol.install.ChartTemplate;
import io.chaosplane.protocol.k8s.Targets;
import io.chaosplane.protocol.probe.K8sProbeInputs;
import io.chaosplane.testsupport.kubernetes.SimulatedCluster;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NodeStatusBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chart's RBAC (which the manifest URL serves) grants exactly what the runner asks of the API server: every call
 * the mock recorded while the runner ran each fault, a k8sProbe and kept its key is allowed, and every verb granted
 * was used.
 */
class RbacTest {

    static final Path CHART = Path.of("../deploy/helm/chaosplane-agent-k8s");

    @TempDir
    Path state;

    @Test
    void theManifestsRulesAreExactlyTheCallsTheRunnerMakes() throws Exception {
        Set<String> used;
        try (SimulatedCluster cluster = new SimulatedCluster();
                FaultHarness faults = new FaultHarness(cluster, state, false);
                KubernetesClient client = cluster.client()) {
            cluster.node("node-a", Map.of("zone", "a"));
            cluster.deployment("shop", "cart", 2, List.of("node-a"));
            cluster.daemonPod("shop", "logs-1", "node-a");
            Map<String, String> web = Map.of("app", "web");
            client.apps()
                    .statefulSets()
                    .inNamespace("shop")
                    .resource(new StatefulSetBuilder()
                            .withNewMetadata()
                            .withName("db")
                            .withLabels(web)
                            .endMetadata()
                            .withNewSpec()
                            .withReplicas(1)
                            .withNewSelector()
                            .withMatchLabels(Map.of("app", "cart"))
                            .endSelector()
                            .endSpec()
                            .build())
                    .create();
            client.apps()
                    .daemonSets()
                    .inNamespace("shop")
                    .resource(new DaemonSetBuilder()
                            .withNewMetadata()
                            .withName("logs")
                            .withLabels(Map.of("app", "logs"))
                            .endMetadata()
                            .withNewSpec()
                            .withNewSelector()
                            .withMatchLabels(Map.of("app", "daemon"))
                            .endSelector()
                            .endSpec()
                            .build())
                    .create();
            client.secrets()
                    .inNamespace(RUNNER_NAMESPACE)
                    .resource(new SecretBuilder()
                            .withNewMetadata()
                            .withName("chaosplane-agent")
                            .endMetadata()
                            .build())
                    .create();
            // node-restart's helper needs the boot id a kubelet reports; memory-hog the node's capacity
            client.nodes().withName("node-a").editStatus(node -> {
                node.setStatus(new NodeStatusBuilder()
                        .withCapacity(Map.of("memory", new Quantity("8Gi")))
                        .withNewNodeInfo()
                        .withBootID("boot-1")
                        .endNodeInfo()
                        .build());
                return node;
            });
            cluster.forgetCalls();

            String shortly = "2s";
            for (String fault : List.of("pod-delete", "pod-cpu-hog", "pod-network-latency", "container-kill")) {
                faults.revert(faults.inject(
                        fault, deployment("shop", "cart"), faults.inputs(fault, "TOTAL_CHAOS_DURATION", shortly)));
            }
            // the second round of pod faults: helpers in the pod's network namespace, exec with files
            for (String fault :
                    List.of("pod-network-partition", "pod-dns-error", "pod-http-latency", "pod-io-stress")) {
                faults.revert(faults.inject(
                        fault, deployment("shop", "cart"), faults.inputs(fault, "TOTAL_CHAOS_DURATION", shortly)));
            }
            faults.revert(faults.inject(
                    "pod-delete",
                    Targets.of(List.of(
                            new Targets.Workload("replicaset", "shop", "", "app=cart"),
                            new Targets.Workload("replicaset", "shop", "cart-rs", ""),
                            new Targets.Workload("daemonset", "shop", "logs", ""),
                            new Targets.Workload("daemonset", "shop", "", "app=logs"),
                            new Targets.Workload("deployment", "shop", "", "app=cart"))),
                    faults.inputs("pod-delete", "TOTAL_CHAOS_DURATION", shortly)));
            faults.revert(faults.inject(
                    "pod-autoscaler",
                    Targets.of(List.of(
                            new Targets.Workload("deployment", "shop", "cart", ""),
                            new Targets.Workload("statefulset", "shop", "", "app=web"))),
                    faults.inputs("pod-autoscaler", "REPLICA_COUNT", "3", "TOTAL_CHAOS_DURATION", shortly)));
            faults.revert(faults.inject(
                    "node-drain",
                    Targets.of(List.of()),
                    faults.inputs("node-drain", "NODE_LABEL", "zone=a", "TOTAL_CHAOS_DURATION", shortly)));
            for (String fault : List.of(
                    "node-cpu-hog", "node-memory-hog", "node-io-stress", "node-restart", "kubelet-service-kill")) {
                faults.revert(faults.inject(
                        fault,
                        Targets.of(List.of()),
                        faults.inputs(fault, "TARGET_NODES", "node-a", "TOTAL_CHAOS_DURATION", shortly)));
            }
            faults.revert(faults.inject(
                    "node-taint",
                    Targets.of(List.of()),
                    faults.inputs(
                            "node-taint", "NODE_LABEL", "zone=a", "TAINTS", "chaos", "TOTAL_CHAOS_DURATION", shortly)));
            new K8sProbeCheck(
                            client,
                            new K8sProbeInputs("", "v1", "pods", "shop", null, "app=cart", null, "present", null))
                    .attempt(Duration.ofSeconds(5));
            new SecretIdentity(client, RUNNER_NAMESPACE, "chaosplane-agent")
                    .store(new AgentIdentity("infra", new Secret("key")));

            used = new TreeSet<>();
            for (SimulatedCluster.Call call : cluster.calls()) {
                used.add(call.group() + "|" + call.resource() + "|" + call.verb());
                if (call.resource().equals("pods/exec")) {
                    // exec over a websocket is a GET; API servers authorize it as create since Kubernetes 1.30
                    used.add(call.group() + "|pods/exec|create");
                }
            }
        }

        Set<String> granted = granted(manifest(false));

        assertThat(granted).containsExactlyInAnyOrderElementsOf(used);
    }

    @Test
    void aNamespacedInstallHasARoleOnlyWithTheSameRightsInItsNamespace() throws IOException {
        List<HasMetadata> objects = manifest(true);

        assertThat(objects).noneMatch(object -> object.getKind().startsWith("Cluster"));
        Set<String> cluster = granted(manifest(false));
        cluster.removeIf(rule -> rule.startsWith("|nodes|") || rule.contains("|pods/eviction|"));
        assertThat(granted(objects)).containsExactlyInAnyOrderElementsOf(cluster);
    }

    @Test
    void theManifestHoldsTheWholeObjectSetAndRunsAsNonRoot() throws IOException {
        List<HasMetadata> objects = manifest(false);

        assertThat(objects)
                .extracting(HasMetadata::getKind)
                .containsExactly(
                        "Namespace",
                        "ServiceAccount",
                        "Secret",
                        "ConfigMap",
                        "ClusterRole",
                        "ClusterRoleBinding",
                        "Role",
                        "RoleBinding",
                        "Service",
                        "Deployment");
        var deployment = (io.fabric8.kubernetes.api.model.apps.Deployment) objects.getLast();
        var pod = deployment.getSpec().getTemplate().getSpec();
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(2000L);
        var limits = pod.getContainers().getFirst().getResources().getLimits();
        assertThat(limits.get("cpu").toString()).isEqualTo("100m");
        assertThat(limits.get("memory").toString()).isEqualTo("500Mi");
        assertThat(limits.get("ephemeral-storage").toString()).isEqualTo("500Mi");
    }

    static List<HasMetadata> manifest(boolean namespaced) throws IOException {
        @SuppressWarnings("unchecked")
        Map<String, Object> values =
                new LinkedHashMap<>(Serialization.unmarshal(Files.readString(CHART.resolve("values.yaml")), Map.class));
        values.put("namespaced", namespaced);
        values.put(
                "infra",
                Map.of("id", "9b0f", "accountId", "acct", "orgId", "default", "projectId", "p", "environmentId", ""));
        values.put("credentials", Map.of("installToken", "token", "accessKey", ""));
        StringBuilder yaml = new StringBuilder();
        for (String template :
                List.of("namespace", "serviceaccount", "secret", "configmap", "rbac", "service", "deployment")) {
            yaml.append(
                    ChartTemplate.render(Files.readString(CHART.resolve("templates/" + template + ".yaml")), values));
        }
        try (KubernetesClient parser = new io.fabric8.kubernetes.client.KubernetesClientBuilder().build()) {
            return parser.load(new ByteArrayInputStream(yaml.toString().getBytes(StandardCharsets.UTF_8)))
                    .items();
        }
    }

    static Set<String> granted(List<HasMetadata> objects) {
        Set<String> granted = new TreeSet<>();
        for (HasMetadata object : objects) {
            List<PolicyRule> rules = switch (object) {
                case ClusterRole role -> role.getRules();
                case Role role -> role.getRules();
                default -> List.of();
            };
            for (PolicyRule rule : rules) {
                for (String group : rule.getApiGroups()) {
                    for (String resource : rule.getResources()) {
                        rule.getVerbs().forEach(verb -> granted.add(group + "|" + resource + "|" + verb));
                    }
                }
            }
        }
        return granted;
    }
}
