package io.chaosplane.agent.k8s.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosplane.agent.probe.CheckResult;
import io.chaosplane.protocol.probe.K8sProbeInputs;
import io.chaosplane.testsupport.kubernetes.SimulatedCluster;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class K8sProbeCheckTest {

    SimulatedCluster cluster;
    KubernetesClient client;

    @BeforeEach
    void cluster() {
        cluster = new SimulatedCluster();
        cluster.node("node-a", Map.of());
        cluster.deployment("shop", "cart", 2, List.of("node-a"));
        client = cluster.client();
    }

    @AfterEach
    void close() {
        client.close();
        cluster.close();
    }

    private CheckResult check(String operation, String labels, String names, String data) {
        return new K8sProbeCheck(
                        client, new K8sProbeInputs("", "v1", "pods", "shop", null, labels, names, operation, data))
                .attempt(Duration.ofSeconds(5));
    }

    @Test
    void presentAndAbsentJudgeWhatTheSelectorsMatch() {
        assertThat(check("present", "app=cart", null, null).passed()).isTrue();
        assertThat(check("present", "app=none", null, null).passed()).isFalse();
        assertThat(check("absent", "app=none", null, null).passed()).isTrue();
        assertThat(check("absent", "app=cart", null, null).description()).contains("still matches");
        assertThat(check("present", null, "no-such-pod", null).passed()).isFalse();
    }

    @Test
    void deploymentsOfTheAppsGroupAreSeenToo() {
        CheckResult result = new K8sProbeCheck(
                        client,
                        new K8sProbeInputs("apps", "v1", "deployments", "shop", null, null, "cart", "present", null))
                .attempt(Duration.ofSeconds(5));

        assertThat(result.passed()).as(result.description()).isTrue();
    }

    @Test
    void createMakesTheResourceAndDeleteRemovesIt() {
        String pod = """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: canary
                  namespace: shop
                  labels: {probe: canary}
                spec:
                  containers: [{name: c, image: busybox}]
                """;
        assertThat(check("create", null, null, pod).passed()).isTrue();
        assertThat(check("present", "probe=canary", null, null).passed()).isTrue();
        assertThat(check("delete", "probe=canary", null, null).passed()).isTrue();
        assertThat(check("absent", "probe=canary", null, null).passed()).isTrue();
    }
}
