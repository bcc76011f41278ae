package io.chaosplane.discovery.cluster;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;

/**
 * A three-service cluster: {@code frontend} calls {@code cart}, which calls {@code database}, in namespace
 * {@code shop}, each a Deployment with a ReplicaSet, a Service and pods on {@code node-a}; beside them a pod no workload
 * owns, a Job with its pod, a ConfigMap and a Secret (which the collector must never ask for), and a
 * {@code kube-system} namespace with a pod of its own.
 */
public final class ThreeServiceShop {

    public static final String NAMESPACE = "shop";
    public static final String NODE = "node-a";

    private ThreeServiceShop() {}

    /** The pod IP of a workload's n-th pod: frontend 10.16.3.1x, cart 10.16.3.2x, database 10.16.3.3x. */
    public static String podIp(String app, int n) {
        int base = switch (app) {
            case "frontend" -> 10;
            case "cart" -> 20;
            case "database" -> 30;
            default -> 90;
        };
        return "10.16.3." + (base + n);
    }

    public static String serviceIp(String app) {
        return switch (app) {
            case "frontend" -> "10.24.0.10";
            case "cart" -> "10.24.0.20";
            default -> "10.24.0.30";
        };
    }

    public static void create(KubernetesClient client) {
        client.resource(new NodeBuilder()
                        .withNewMetadata()
                        .withName(NODE)
                        .withUid("uid-node-a")
                        .endMetadata()
                        .build())
                .create();
        for (String namespace : new String[] {NAMESPACE, "kube-system"}) {
            client.resource(new NamespaceBuilder()
                            .withNewMetadata()
                            .withName(namespace)
                            .withUid("uid-ns-" + namespace)
                            .withLabels(Map.of("kubernetes.io/metadata.name", namespace, "team", namespace))
                            .endMetadata()
                            .build())
                    .create();
        }
        workload(client, "frontend", 2, 8080);
        workload(client, "cart", 2, 8080);
        workload(client, "database", 1, 5432);
        client.resource(pod("kube-system", "coredns-1", "uid-pod-coredns", "10.16.3.2", "ReplicaSet", "coredns"))
                .create();
        client.resource(new PodBuilder(pod(NAMESPACE, "debug", "uid-pod-debug", "10.16.3.99", null, null)).build())
                .create();
        client.resource(new JobBuilder()
                        .withNewMetadata()
                        .withName("nightly-report")
                        .withNamespace(NAMESPACE)
                        .withUid("uid-job-nightly")
                        .endMetadata()
                        .withNewSpec()
                        .withNewTemplate()
                        .withNewSpec()
                        .addNewContainer()
                        .withName("report")
                        .withImage("report:1")
                        .endContainer()
                        .withRestartPolicy("Never")
                        .endSpec()
                        .endTemplate()
                        .endSpec()
                        .build())
                .create();
        client.resource(pod(NAMESPACE, "nightly-report-x1", "uid-pod-job", "10.16.3.98", "Job", "nightly-report"))
                .create();
        client.resource(new ConfigMapBuilder()
                        .withNewMetadata()
                        .withName("settings")
                        .withNamespace(NAMESPACE)
                        .endMetadata()
                        .withData(Map.of("mode", "prod"))
                        .build())
                .create();
        client.resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName("database-password")
                        .withNamespace(NAMESPACE)
                        .endMetadata()
                        .withStringData(Map.of("password", "hunter2"))
                        .build())
                .create();
    }

    private static void workload(KubernetesClient client, String app, int replicas, int port) {
        Map<String, String> labels = Map.of("app", app);
        client.resource(new DeploymentBuilder()
                        .withNewMetadata()
                        .withName(app)
                        .withNamespace(NAMESPACE)
                        .withUid("uid-deploy-" + app)
                        .withLabels(labels)
                        .endMetadata()
                        .withNewSpec()
                        .withReplicas(replicas)
                        .withNewSelector()
                        .withMatchLabels(labels)
                        .endSelector()
                        .withNewTemplate()
                        .withNewMetadata()
                        .withLabels(labels)
                        .endMetadata()
                        .withNewSpec()
                        .addNewContainer()
                        .withName(app)
                        .withImage(app + ":1")
                        .endContainer()
                        .endSpec()
                        .endTemplate()
                        .endSpec()
                        .build())
                .create();
        client.resource(new ReplicaSetBuilder()
                        .withNewMetadata()
                        .withName(app + "-rs")
                        .withNamespace(NAMESPACE)
                        .withUid("uid-rs-" + app)
                        .withLabels(labels)
                        .addNewOwnerReference()
                        .withKind("Deployment")
                        .withName(app)
                        .withApiVersion("apps/v1")
                        .withUid("uid-deploy-" + app)
                        .endOwnerReference()
                        .endMetadata()
                        .withNewSpec()
                        .withReplicas(replicas)
                        .withNewSelector()
                        .withMatchLabels(labels)
                        .endSelector()
                        .endSpec()
                        .build())
                .create();
        client.resource(new ServiceBuilder()
                        .withNewMetadata()
                        .withName(app)
                        .withNamespace(NAMESPACE)
                        .withUid("uid-svc-" + app)
                        .endMetadata()
                        .withNewSpec()
                        .withSelector(labels)
                        .withClusterIP(serviceIp(app))
                        .addNewPort()
                        .withPort(port)
                        .endPort()
                        .endSpec()
                        .build())
                .create();
        for (int i = 0; i < replicas; i++) {
            client.resource(pod(
                            NAMESPACE,
                            app + "-" + i,
                            "uid-pod-" + app + "-" + i,
                            podIp(app, i),
                            "ReplicaSet",
                            app + "-rs"))
                    .create();
        }
    }

    private static io.fabric8.kubernetes.api.model.Pod pod(
            String namespace, String name, String uid, String ip, String ownerKind, String ownerName) {
        PodBuilder builder = new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .withUid(uid)
                .withLabels(Map.of("app", name.replaceAll("-[^-]+$", "")))
                .endMetadata();
        if (ownerKind != null) {
            builder.editMetadata()
                    .addNewOwnerReference()
                    .withKind(ownerKind)
                    .withName(ownerName)
                    .withApiVersion(ownerKind.equals("Job") ? "batch/v1" : "apps/v1")
                    .withUid("uid-owner-" + ownerName)
                    .endOwnerReference()
                    .endMetadata();
        }
        return builder.withNewSpec()
                .withNodeName(NODE)
                .addNewContainer()
                .withName("main")
                .withImage("main:1")
                .endContainer()
                .endSpec()
                .withNewStatus()
                .withPhase("Running")
                .withPodIP(ip)
                .addNewPodIP()
                .withIp(ip)
                .endPodIP()
                .endStatus()
                .build();
    }
}
