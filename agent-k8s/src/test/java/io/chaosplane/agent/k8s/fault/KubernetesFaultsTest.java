package io.chaosplane.agent.k8s.fault;

import static io.chaosplane.agent.k8s.testing.FaultHarness.RUNNER_NAMESPACE;
import static io.chaosplane.agent.k8s.testing.FaultHarness.deployment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chaosplane.agent.fault.ActiveFault;
import io.chaosplane.agent.fault.FaultException;
import io.chaosplane.agent.k8s.testing.FaultHarness;
import io.chaosplane.protocol.catalog.FaultInputs;
import io.chaosplane.protocol.k8s.Targets;
import io.chaosplane.testsupport.kubernetes.SimulatedCluster;
import io.fabric8.kubernetes.api.model.Pod;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each fault against a cluster holding real Deployments, ReplicaSets, Pods and Nodes: in force, then reverted. */
class KubernetesFaultsTest {

    @TempDir
    Path state;

    SimulatedCluster cluster;
    FaultHarness faults;

    @BeforeEach
    void cluster() {
        cluster = new SimulatedCluster();
        cluster.node("node-a", Map.of("zone", "a"));
        cluster.node("node-b", Map.of("zone", "b"));
        cluster.deployment("shop", "cart", 4, List.of("node-a", "node-b"));
        cluster.deployment("shop", "checkout", 2, List.of("node-b"));
        faults = new FaultHarness(cluster, state, false);
    }

    @AfterEach
    void close() {
        faults.close();
        cluster.close();
    }

    private List<String> pods(String app) {
        return faults
                .client()
                .pods()
                .inNamespace("shop")
                .withLabel(SimulatedCluster.APP_LABEL, app)
                .list()
                .getItems()
                .stream()
                .map(pod -> pod.getMetadata().getName())
                .sorted()
                .toList();
    }

    @Nested
    class TargetSelection {

        @Test
        void aDeploymentsPodsAndNoOthersAreCandidates() throws Exception {
            List<Pod> candidates =
                    faults.cluster().targets().candidatePods(deployment("shop", "cart"), faults.inputs("pod-delete"));

            assertThat(candidates)
                    .extracting(pod -> pod.getMetadata().getName())
                    .containsExactlyInAnyOrderElementsOf(pods("cart"));
        }

        @Test
        void thePercentageChoosesThatShareAndAtLeastOnePod() throws Exception {
            assertThat(faults.cluster()
                            .targets()
                            .choosePods(
                                    deployment("shop", "cart"),
                                    faults.inputs("pod-delete", "PODS_AFFECTED_PERC", "50")))
                    .hasSize(2);
            assertThat(faults.cluster().targets().choosePods(deployment("shop", "cart"), faults.inputs("pod-delete")))
                    .hasSize(1);
            assertThat(faults.cluster()
                            .targets()
                            .choosePods(
                                    deployment("shop", "cart"),
                                    faults.inputs("pod-delete", "POD_AFFECTED_PERCENTAGE", "100")))
                    .hasSize(4);
        }

        @Test
        void targetPodsAndNodeLabelNarrowTheChoice() throws Exception {
            String named = pods("cart").getFirst();
            assertThat(faults.cluster()
                            .targets()
                            .choosePods(deployment("shop", "cart"), faults.inputs("pod-delete", "TARGET_PODS", named)))
                    .extracting(pod -> pod.getMetadata().getName())
                    .containsExactly(named);
            assertThat(faults.cluster()
                            .targets()
                            .candidatePods(
                                    deployment("shop", "cart"), faults.inputs("pod-delete", "NODE_LABEL", "zone=b")))
                    .allSatisfy(pod -> assertThat(pod.getSpec().getNodeName()).isEqualTo("node-b"))
                    .hasSize(2);
        }

        @Test
        void labelsSelectWorkloadsAndPods() throws Exception {
            Targets byLabel = Targets.of(List.of(new Targets.Workload("pod", "shop", "", "app=checkout")));

            assertThat(faults.cluster().targets().candidatePods(byLabel, faults.inputs("pod-delete")))
                    .extracting(pod -> pod.getMetadata().getName())
                    .containsExactlyInAnyOrderElementsOf(pods("checkout"));
        }

        @Test
        void aNamespacedRunnerRefusesOtherNamespacesAndNodes() {
            try (FaultHarness namespaced = new FaultHarness(cluster, state.resolve("ns"), true)) {
                assertThatThrownBy(() -> namespaced
                                .cluster()
                                .targets()
                                .candidatePods(deployment("shop", "cart"), namespaced.inputs("pod-delete")))
                        .hasMessageContaining("namespaced");
                assertThatThrownBy(() -> namespaced
                                .cluster()
                                .targets()
                                .nodes(
                                        deployment("shop", "cart"),
                                        namespaced.inputs("node-cordon", "TARGET_NODES", "node-a")))
                        .hasMessageContaining("nodes");
            }
        }

        @Test
        void noMatchingPodFailsThePlanBeforeAnythingChanges() {
            assertThatThrownBy(() ->
                            faults.inject("pod-delete", deployment("shop", "nothing"), faults.inputs("pod-delete")))
                    .isInstanceOf(FaultException.class)
                    .hasMessageContaining("nothing");
        }
    }

    @Test
    void podDeleteDeletesTheChosenShareEveryIntervalAndTheControllerBringsThemBack() throws Exception {
        List<String> before = pods("cart");

        // long enough for a second round however slow the first one is on a busy machine; the revert ends it
        ActiveFault fault = faults.inject(
                "pod-delete",
                deployment("shop", "cart"),
                faults.inputs(
                        "pod-delete",
                        "PODS_AFFECTED_PERC",
                        "50",
                        "TOTAL_CHAOS_DURATION",
                        "30s",
                        "CHAOS_INTERVAL",
                        "1s",
                        "FORCE",
                        "true"));
        List<String> afterFirstRound = pods("cart");
        awaitTrue(
                () -> pods("cart").stream().filter(before::contains).count() == 0
                        || faults.log.stream()
                                        .filter(line -> line.contains("Deleting 2 pod(s)"))
                                        .count()
                                >= 2,
                "a second round");
        faults.revert(fault);

        assertThat(afterFirstRound).hasSize(4);
        assertThat(afterFirstRound.stream().filter(before::contains)).hasSize(2);
        assertThat(faults.log)
                .filteredOn(line -> line.contains("Deleting"))
                .allMatch(line -> line.contains("2 pod(s)"));
        assertThat(pods("checkout")).hasSize(2);
        int rounds = (int)
                faults.log.stream().filter(line -> line.contains("Deleting")).count();
        Thread.sleep(1500);
        assertThat(faults.log.stream().filter(line -> line.contains("Deleting")))
                .as("no round after revert")
                .hasSize(rounds);
    }

    @Test
    void podAutoscalerScalesAndRevertPutsTheReplicasBack() throws Exception {
        ActiveFault fault = faults.inject(
                "pod-autoscaler",
                deployment("shop", "cart"),
                faults.inputs("pod-autoscaler", "REPLICA_COUNT", "1", "TOTAL_CHAOS_DURATION", "5s"));

        assertThat(replicas("cart")).isEqualTo(1);
        assertThat(pods("cart")).hasSize(1);
        faults.revert(fault);
        assertThat(replicas("cart")).isEqualTo(4);
        assertThat(pods("cart")).hasSize(4);
    }

    /** Seed 001's KubernetesChaosExperiment writes LitmusChaos durations as bare seconds, as the control plane does. */
    @Test
    void durationsAsBareSecondsAreReadAsSeconds() throws Exception {
        FaultInputs inputs =
                faults.inputs("pod-autoscaler", "REPLICA_COUNT", "1", "TOTAL_CHAOS_DURATION", "30", "RAMP_TIME", "2");
        assertThat(inputs.chaosDuration()).contains(java.time.Duration.ofSeconds(30));
        assertThat(inputs.optionalDuration("RAMP_TIME")).contains(java.time.Duration.ofSeconds(2));

        ActiveFault fault = faults.inject("pod-autoscaler", deployment("shop", "cart"), inputs);

        assertThat(replicas("cart")).isEqualTo(1);
        faults.revert(fault);
        assertThat(replicas("cart")).isEqualTo(4);
    }

    @Test
    void nodeCordonCordonsAndUncordonsOnlyWhatItCordoned() throws Exception {
        faults.client().nodes().withName("node-b").edit(node -> {
            node.getSpec().setUnschedulable(true);
            return node;
        });

        ActiveFault fault = faults.inject(
                "node-cordon",
                Targets.of(List.of()),
                faults.inputs("node-cordon", "TARGET_NODES", "node-a,node-b", "TOTAL_CHAOS_DURATION", "5s"));
        assertThat(cluster.cordonedNodes()).containsExactlyInAnyOrder("node-a", "node-b");
        faults.revert(fault);

        assertThat(cluster.cordonedNodes()).as("node-b was cordoned before").containsExactly("node-b");
    }

    @Test
    void nodeDrainEvictsAllButDaemonSetPodsAndUncordons() throws Exception {
        cluster.daemonPod("kube-system", "logs-agent", "node-b");

        ActiveFault fault = faults.inject(
                "node-drain",
                Targets.of(List.of(new Targets.Workload("node", "", "", "zone=b"))),
                faults.inputs("node-drain", "TOTAL_CHAOS_DURATION", "5s"));

        assertThat(cluster.cordonedNodes()).containsExactly("node-b");
        assertThat(faults.log).anyMatch(line -> line.contains("Evicted"));
        assertThat(faults.client()
                        .pods()
                        .inNamespace("kube-system")
                        .withName("logs-agent")
                        .get())
                .isNotNull();
        faults.revert(fault);
        assertThat(cluster.cordonedNodes()).isEmpty();
    }

    @Test
    void cpuHogRunsStressInTheTargetContainerAndRevertStopsIt() throws Exception {
        ActiveFault fault = faults.inject(
                "pod-cpu-hog",
                deployment("shop", "checkout"),
                faults.inputs(
                        "pod-cpu-hog", "PODS_AFFECTED_PERC", "100", "CPU_CORES", "2", "TOTAL_CHAOS_DURATION", "5s"));

        for (String pod : pods("checkout")) {
            assertThat(cluster.processes("shop", pod, "app"))
                    .singleElement()
                    .satisfies(marker -> assertThat(marker).contains(fault.faultId()));
        }
        faults.revert(fault);
        assertThat(cluster.processCount()).isZero();
    }

    @Test
    void networkLatencyRunsAHelperOnTheTargetsNodeAndRevertRemovesIt() throws Exception {
        ActiveFault fault = faults.inject(
                "pod-network-latency",
                deployment("shop", "checkout"),
                faults.inputs("pod-network-latency", "NETWORK_LATENCY", "300", "TOTAL_CHAOS_DURATION", "5s"));

        List<Pod> helpers =
                faults.client().pods().inNamespace(RUNNER_NAMESPACE).list().getItems();
        assertThat(helpers).singleElement().satisfies(helper -> {
            assertThat(helper.getSpec().getNodeName()).isEqualTo("node-b");
            assertThat(helper.getSpec()
                            .getContainers()
                            .getFirst()
                            .getSecurityContext()
                            .getPrivileged())
                    .isTrue();
            assertThat(helper.getSpec().getContainers().getFirst().getImage()).isEqualTo(FaultHarness.HELPER_IMAGE);
            assertThat(helper.getSpec().getContainers().getFirst().getCommand())
                    .containsExactly("/bin/sh", "-c", NetworkFault.SCRIPT, "chaosplane-network-helper");
            assertThat(NetworkFault.SCRIPT).contains("nsenter -t \"$pid\" -n", "trap 'undo; exit 0' TERM");
            assertThat(helper.getSpec().getContainers().getFirst().getEnv()).anySatisfy(variable -> {
                assertThat(variable.getName()).isEqualTo("NETEM");
                assertThat(variable.getValue()).isEqualTo("netem delay 300ms 0ms");
            });
            assertThat(helper.getSpec().getActiveDeadlineSeconds()).isEqualTo(10L);
        });
        assertThat(cluster.shapedPods()).hasSize(1);
        faults.revert(fault);
        assertThat(cluster.leftovers(RUNNER_NAMESPACE)).isEmpty();
    }

    @Test
    void containerKillStopsTheContainerFromAHelperThatIsRemovedAfter() throws Exception {
        ActiveFault fault = faults.inject(
                "container-kill",
                deployment("shop", "checkout"),
                faults.inputs("container-kill", "TOTAL_CHAOS_DURATION", "5s", "CHAOS_INTERVAL", "10s"));

        assertThat(faults
                        .client()
                        .pods()
                        .inNamespace("shop")
                        .withLabel(SimulatedCluster.APP_LABEL, "checkout")
                        .list()
                        .getItems()
                        .stream()
                        .mapToInt(pod -> pod.getStatus()
                                .getContainerStatuses()
                                .getFirst()
                                .getRestartCount())
                        .sum())
                .isEqualTo(1);
        faults.revert(fault);
        assertThat(cluster.leftovers(RUNNER_NAMESPACE)).isEmpty();
    }

    @Test
    void aRestartedRunnerRevertsWhatTheJournalHolds() throws Exception {
        faults.inject(
                "pod-autoscaler",
                deployment("shop", "cart"),
                faults.inputs("pod-autoscaler", "REPLICA_COUNT", "0", "TOTAL_CHAOS_DURATION", "60s"));
        faults.inject(
                "node-cordon",
                Targets.of(List.of()),
                faults.inputs("node-cordon", "TARGET_NODES", "node-a", "TOTAL_CHAOS_DURATION", "60s"));
        faults.inject(
                "pod-network-loss",
                deployment("shop", "checkout"),
                faults.inputs("pod-network-loss", "TOTAL_CHAOS_DURATION", "60s"));
        faults.inject(
                "pod-memory-hog",
                deployment("shop", "checkout"),
                faults.inputs("pod-memory-hog", "PODS_AFFECTED_PERC", "100", "TOTAL_CHAOS_DURATION", "60s"));
        assertThat(pods("cart")).isEmpty();

        assertThat(faults.restart())
                .hasSize(4)
                .allSatisfy(recovered -> assertThat(recovered.reverted()).isTrue());

        assertThat(replicas("cart")).isEqualTo(4);
        assertThat(cluster.cordonedNodes()).isEmpty();
        assertThat(cluster.leftovers(RUNNER_NAMESPACE)).isEmpty();
    }

    private int replicas(String deployment) {
        return faults.client()
                .apps()
                .deployments()
                .inNamespace("shop")
                .withName(deployment)
                .get()
                .getSpec()
                .getReplicas();
    }

    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    static Set<String> names(List<Pod> pods) {
        return Set.copyOf(pods.stream().map(pod -> pod.getMetadata().getName()).toList());
    }
}
