package io.chaosplane.agent.k8s.fault;

import static io.chaosplane.agent.k8s.testing.FaultHarness.RUNNER_NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chaosplane.agent.fault.ActiveFault;
import io.chaosplane.agent.fault.FaultException;
import io.chaosplane.agent.k8s.testing.FaultHarness;
import io.chaosplane.protocol.catalog.InvalidChaosException;
import io.chaosplane.protocol.k8s.Targets;
import io.chaosplane.testsupport.kubernetes.SimulatedCluster;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * LitmusChaos' node faults against the simulated cluster: the helper pods they start (node, privileges, argument
 * vector, environment), the taints they add, and what revert leaves: nothing of theirs, also after a runner restart.
 */
class NodeFaultsTest {

    private static final Targets NO_WORKLOADS = Targets.of(List.of());

    @TempDir
    Path state;

    SimulatedCluster cluster;
    FaultHarness faults;

    @BeforeEach
    void cluster() {
        cluster = new SimulatedCluster();
        faults = new FaultHarness(cluster, state, false);
        node("node-a", "zone", "a", "boot-a1");
        node("node-b", "zone", "b", "boot-b1");
        node("node-c", "zone", "a", "boot-c1");
        cluster.deployment("shop", "cart", 2, List.of("node-b"));
    }

    @AfterEach
    void close() {
        faults.close();
        cluster.close();
    }

    /** A node as a kubelet reports it: 8 GiB of memory (7 allocatable), a boot id, an address, Ready. */
    private void node(String name, String label, String value, String bootId) {
        faults.client()
                .nodes()
                .resource(new NodeBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .withLabels(Map.of(label, value))
                        .endMetadata()
                        .withNewSpec()
                        .endSpec()
                        .withNewStatus()
                        .withCapacity(Map.of("memory", new Quantity("8Gi")))
                        .withAllocatable(Map.of("memory", new Quantity("7Gi")))
                        .withNewNodeInfo()
                        .withBootID(bootId)
                        .endNodeInfo()
                        .addNewAddress()
                        .withType("InternalIP")
                        .withAddress("10.0.0." + (name.charAt(name.length() - 1) - 'a' + 1))
                        .endAddress()
                        .addNewCondition()
                        .withType("Ready")
                        .withStatus("True")
                        .endCondition()
                        .endStatus()
                        .build())
                .create();
    }

    private List<Pod> helpers() {
        return faults.client().pods().inNamespace(RUNNER_NAMESPACE).list().getItems();
    }

    private static Container container(Pod helper) {
        return helper.getSpec().getContainers().getFirst();
    }

    private static Map<String, String> env(Pod helper) {
        return container(helper).getEnv().stream().collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
    }

    private List<String> taints(String node) {
        List<Taint> taints =
                faults.client().nodes().withName(node).get().getSpec().getTaints();
        return taints == null
                ? List.of()
                : taints.stream()
                        .map(taint -> taint.getKey() + "=" + taint.getValue() + ":" + taint.getEffect())
                        .toList();
    }

    @Test
    void nodeCpuHogRunsStressNgOnEachNamedNodeAndRevertDeletesTheHelpers() throws Exception {
        cluster.forgetCalls();
        ActiveFault fault = faults.inject(
                "node-cpu-hog",
                NO_WORKLOADS,
                faults.inputs(
                        "node-cpu-hog",
                        "TARGET_NODES",
                        "node-a,node-b",
                        "NODE_CPU_CORE",
                        "2",
                        "CPU_LOAD",
                        "80",
                        "TOTAL_CHAOS_DURATION",
                        "5s"));

        assertThat(helpers()).hasSize(2).allSatisfy(helper -> {
            assertThat(container(helper).getCommand())
                    .containsExactly("stress-ng", "--cpu", "2", "--cpu-load", "80", "--timeout", "5s");
            assertThat(container(helper).getSecurityContext().getPrivileged()).isTrue();
            assertThat(container(helper).getImage()).isEqualTo(FaultHarness.HELPER_IMAGE);
            assertThat(helper.getSpec().getHostPID()).isTrue();
            assertThat(helper.getSpec().getVolumes()).as("no runtime socket").isEmpty();
            assertThat(helper.getSpec().getActiveDeadlineSeconds()).isEqualTo(10L);
            assertThat(helper.getMetadata().getLabels()).containsEntry(HelperPods.FAULT_LABEL, fault.faultId());
        });
        assertThat(helpers())
                .extracting(helper -> helper.getSpec().getNodeName())
                .containsExactlyInAnyOrder("node-a", "node-b");
        faults.revert(fault);
        assertThat(cluster.leftovers(RUNNER_NAMESPACE)).isEmpty();
        assertOnlyNodesReadAndHelperPodsTouched();
    }

    /** Node helpers' faults read nodes and create, watch and delete pods of the runner's namespace, nothing else. */
    private void assertOnlyNodesReadAndHelperPodsTouched() {
        assertThat(cluster.calls()).isNotEmpty().allSatisfy(call -> {
            if (call.resource().equals("nodes")) {
                assertThat(call.verb()).isIn("get", "list");
            } else {
                assertThat(call.path()).startsWith("/api/v1/namespaces/" + RUNNER_NAMESPACE + "/pods");
                assertThat(call.verb()).isIn("create", "get", "list", "delete");
            }
        });
    }

    @Test
    void nodesAffectedPercChoosesThatShareOfTheLabelledNodesAndAtLeastOne() throws Exception {
        ActiveFault one = faults.inject(
                "node-cpu-hog",
                NO_WORKLOADS,
                faults.inputs("node-cpu-hog", "NODE_LABEL", "zone=a", "TOTAL_CHAOS_DURATION", "5s"));
        assertThat(helpers())
                .singleElement()
                .satisfies(helper -> assertThat(helper.getSpec().getNodeName()).isIn("node-a", "node-c"));
        faults.revert(one);

        ActiveFault all = faults.inject(
                "node-cpu-hog",
                NO_WORKLOADS,
                faults.inputs(
                        "node-cpu-hog",
                        "NODE_LABEL",
                        "zone=a",
                        "NODES_AFFECTED_PERC",
                        "100",
                        "TOTAL_CHAOS_DURATION",
                        "5s"));
        assertThat(helpers())
                .extracting(helper -> helper.getSpec().getNodeName())
                .containsExactlyInAnyOrder("node-a", "node-c");
        faults.revert(all);

        ActiveFault podsNode = faults.inject(
                "node-cpu-hog",
                FaultHarness.deployment("shop", "cart"),
                faults.inputs("node-cpu-hog", "TOTAL_CHAOS_DURATION", "5s"));
        assertThat(helpers())
                .as("the target pods' node")
                .singleElement()
                .satisfies(helper -> assertThat(helper.getSpec().getNodeName()).isEqualTo("node-b"));
        faults.revert(podsNode);
        assertThat(cluster.leftovers(RUNNER_NAMESPACE)).isEmpty();
    }

    @Test
    void serialSequenceGivesEachNodeItsTurnOneAfterTheOther() throws Exception {
        ActiveFault fault = faults.inject(
                "node-cpu-hog",
                NO_WORKLOADS,
                faults.inputs(
                        "node-cpu-hog",
                        "TARGET_NODES",
                        "node-a,node-b",
                        "SEQUENCE",
                        "serial",
                        "TOTAL_CHAOS_DURATION",
                        "4s"));

        assertThat(helpers()).singleElement().satisfies(helper -> {
            assertThat(helper.getSpec().getNodeName()).isEqualTo("node-a");
            assertThat(container(helper).getCommand()).endsWith("--timeout", "2s");
        });
        awaitTrue(
                () -> helpers().stream()
                        .map(helper -> helper.getSpec().getNodeName())
                        .toList()
                        .equals(List.of("node-b")),
                "node-b's turn, after node-a's helper is gone; log " + faults.log + ", helpers " + helpers());
        faults.revert(fault);
        assertThat(cluster.leftovers(RUNNER_NAMESPACE)).isEmpty();
    }

    @Test
    void nodeMemoryHogHoldsAShareOfTheNodesCapacityOrMebibytesWithinWhatItCanAllocate() throws Exception {
        var node = faults.client().nodes().withName("node-a").get();
        assertThat(NodeStressFault.memoryMebibytes(faults.inputs("node-memory-hog"), node))
                .as("30% of 8 GiB by default")
                .isEqualTo(2457);
        assertThat(NodeStressFault.memoryMebibytes(
                        faults.inputs("node-memory-hog", "MEMORY_CONSUMPTION_MEBIBYTES", "1024"), node))
                .isEqualTo(1024);
        assertThat(NodeStressFault.memoryMebibytes(
                        faults.inputs(
                                "node-memory-hog",
                                "MEMORY_CONSUMPTION_MEBIBYTES",
                                "1024",
                                "MEMORY_CONSUMPTION_PERCENTAGE",
                                "50"),
                        node))
                .as("the percentage wins, as in LitmusChaos")
                .isEqualTo(4096);

        ActiveFault fault = faults.inject(
                "node-memory-hog",
                NO_WORKLOADS,
                faults.inputs(
                        "node-memory-hog",
                        "TARGET_NODE",
                        "node-a",
                        "MEMORY_CONSUMPTION_PERCENTAGE",
                        "50",
                        "NUMBER_OF_WORKERS",
                        "2",
                        "TOTAL_CHAOS_DURATION",
                        "5s"));
        assertThat(helpers())
                .singleElement()
                .satisfies(helper -> assertThat(container(helper).getCommand())
                        .containsExactly("stress-ng", "--vm", "2", "--vm-bytes", "4096M", "--timeout", "5s"));
        faults.revert(fault);
        assertThat(cluster.leftovers(RUNNER_NAMESPACE)).isEmpty();

        assertThatThrownBy(() -> faults.inject(
                        "node-memory-hog",
                        NO_WORKLOADS,
                        faults.inputs(
                                "node-memory-hog", "TARGET_NODE", "node-a", "MEMORY_CONSUMPTION_MEBIBYTES", "8000")))
                .isInstanceOf(FaultException.class)
                .hasMessageContaining("can allocate 7168 MiB");
        assertThat(helpers()).as("refused before any helper").isEmpty();
    }

    @Test
    void nodeIoStressRunsHddAndIoWorkersWithTheFilesystemShare() throws Exception {
        ActiveFault fault = faults.inject(
                "node-io-stress",
                NO_WORKLOADS,
                faults.inputs("node-io-stress", "TARGET_NODES", "node-b", "TOTAL_CHAOS_DURATION", "5s"));

        assertThat(helpers())
                .singleElement()
                .satisfies(helper -> assertThat(container(helper).getCommand())
                        .containsExactly(
                                "stress-ng",
                                "--cpu",
                                "1",
                                "--vm",
                                "1",
                                "--io",
                                "4",
                                "--hdd",
                                "4",
                                "--hdd-bytes",
                                "10%",
                                "--temp-path",
                                "/tmp",
                                "--timeout",
                                "5s"));
        faults.revert(fault);
        assertThat(cluster.leftovers(RUNNER_NAMESPACE)).isEmpty();

        assertThat(NodeStressFault.command(
                        "node-io-stress",
                        faults.inputs(
                                "node-io-stress",
                                "FILESYSTEM_UTILIZATION_BYTES",
                                "2",
                                "CPU",
                                "0",
                                "VM_WORKERS",
                                "0",
                                "NUMBER_OF_WORKERS",
                                "1"),
                        faults.client().nodes().withName("node-b").get(),
                        Duration.ofSeconds(60)))
                .containsExactly(
                        "stress-ng",
                        "--io",
                        "1",
                        "--hdd",
                        "1",
                        "--hdd-bytes",
                        "2G",
                        "--temp-path",
                        "/tmp",
                        "--timeout",
                        "60s");
    }

    @Test
    void nodeTaintAddsTheTaintsAndRevertRemovesExactlyThose() throws Exception {
        faults.client().nodes().withName("node-a").edit(node -> {
            node.getSpec()
                    .setTaints(List.of(
                            new TaintBuilder()
                                    .withKey("maintenance")
                                    .withValue("ops")
                                    .withEffect("NoExecute")
                                    .build(),
                            new TaintBuilder()
                                    .withKey("dedicated")
                                    .withValue("infra")
                                    .withEffect("NoSchedule")
                                    .build()));
            return node;
        });
        cluster.forgetCalls();

        ActiveFault fault = faults.inject(
                "node-taint",
                NO_WORKLOADS,
                faults.inputs(
                        "node-taint",
                        "TARGET_NODES",
                        "node-a,node-b",
                        "TAINTS",
                        "chaos=yes:NoSchedule,maintenance",
                        "TOTAL_CHAOS_DURATION",
                        "5s"));

        assertThat(taints("node-a"))
                .containsExactly("maintenance=ops:NoExecute", "dedicated=infra:NoSchedule", "chaos=yes:NoSchedule");
        assertThat(taints("node-b"))
                .as("LitmusChaos' defaults: value node-taint, effect NoExecute")
                .containsExactly("chaos=yes:NoSchedule", "maintenance=node-taint:NoExecute");
        assertThat(faults.log).anyMatch(line -> line.contains("maintenance:NoExecute already"));
        faults.revert(fault);

        assertThat(taints("node-a"))
                .as("what the node had before stays")
                .containsExactly("maintenance=ops:NoExecute", "dedicated=infra:NoSchedule");
        assertThat(taints("node-b")).isEmpty();
        assertThat(cluster.calls())
                .as("nodes are read and patched, nothing else")
                .allSatisfy(call -> assertThat(call.resource()).isEqualTo("nodes"));
    }

    @Test
    void nodeRestartRunsOneBootOnlyHelperAndRevertDeletesItAndTellsWhetherTheNodeCameBack() throws Exception {
        ActiveFault fault = faults.inject(
                "node-restart",
                NO_WORKLOADS,
                faults.inputs(
                        "node-restart",
                        "TARGET_NODE",
                        "node-c",
                        "REBOOT_COMMAND",
                        "sudo systemctl reboot",
                        "TOTAL_CHAOS_DURATION",
                        "5s"));

        assertThat(helpers()).singleElement().satisfies(helper -> {
            assertThat(helper.getSpec().getNodeName()).isEqualTo("node-c");
            assertThat(container(helper).getCommand())
                    .containsExactly("/bin/sh", "-c", NodeRestartFault.SCRIPT, "chaosplane-node-restart");
            assertThat(env(helper)).containsEntry("BOOT_ID", "boot-c1").containsEntry("REBOOT", "systemctl reboot");
        });
        assertThat(NodeRestartFault.SCRIPT)
                .contains("/proc/sys/kernel/random/boot_id", "\"$BOOT_ID\"", "nsenter -t 1 -m -u -i -n -p -- $REBOOT");
        // the kubelet comes back in a new boot
        faults.client().nodes().withName("node-c").editStatus(node -> {
            node.getStatus().getNodeInfo().setBootID("boot-c2");
            return node;
        });
        faults.revert(fault);

        assertThat(cluster.leftovers(RUNNER_NAMESPACE)).isEmpty();
        assertThat(faults.log).anyMatch(line -> line.contains("Restarted=true") && line.contains("Ready=true"));
    }

    @Test
    void nodeRestartRefusesANodeWithoutBootIdRatherThanRiskARestartLoop() throws Exception {
        cluster.node("node-d", Map.of("zone", "d"));

        assertThatThrownBy(() -> faults.inject(
                        "node-restart", NO_WORKLOADS, faults.inputs("node-restart", "TARGET_NODE", "node-d")))
                .isInstanceOf(FaultException.class)
                .hasMessageContaining("boot id");
        assertThat(helpers()).isEmpty();
    }

    @Test
    void nodeRestartRunsTheRunnersConfiguredCommandWithTheNodeAsSeparateArguments() throws Exception {
        Path script = state.resolve("restart-node.sh");
        Path calls = state.resolve("calls");
        Files.writeString(script, "for a in \"$@\"; do printf '%s\\n' \"$a\" >> \"" + calls + "\"; done\necho asked\n");
        try (SimulatedCluster other = new SimulatedCluster();
                FaultHarness configured = new FaultHarness(
                        other, state.resolve("configured"), false, List.of("/bin/sh", script.toString()))) {
            other.node("node-x", Map.of());
            ActiveFault fault = configured.inject(
                    "node-restart",
                    NO_WORKLOADS,
                    configured.inputs("node-restart", "TARGET_NODE", "node-x", "TOTAL_CHAOS_DURATION", "5s"));

            assertThat(Files.readAllLines(calls))
                    .as("name, then address (the name when none)")
                    .containsExactly("node-x", "node-x");
            assertThat(configured.log).anyMatch(line -> line.contains("asked"));
            assertThat(configured
                            .client()
                            .pods()
                            .inNamespace(RUNNER_NAMESPACE)
                            .list()
                            .getItems())
                    .isEmpty();
            configured.revert(fault);

            Files.writeString(script, "echo no route to the node; exit 3\n");
            assertThatThrownBy(() -> configured.inject(
                            "node-restart", NO_WORKLOADS, configured.inputs("node-restart", "TARGET_NODE", "node-x")))
                    .isInstanceOf(FaultException.class)
                    .hasMessageContaining("exited 3")
                    .hasMessageContaining("no route to the node");
        }
    }

    @Test
    void kubeletServiceKillArmsTheHostTimerBeforeItStopsTheKubeletAndRevertDeletesTheHelper() throws Exception {
        cluster.forgetCalls();
        ActiveFault fault = faults.inject(
                "kubelet-service-kill",
                NO_WORKLOADS,
                faults.inputs("kubelet-service-kill", "TARGET_NODE", "node-b", "TOTAL_CHAOS_DURATION", "5s"));

        assertThat(helpers()).singleElement().satisfies(helper -> {
            assertThat(helper.getSpec().getNodeName()).isEqualTo("node-b");
            assertThat(container(helper).getCommand())
                    .containsExactly("/bin/sh", "-c", KubeletKillFault.SCRIPT, "chaosplane-kubelet-kill");
            assertThat(env(helper)).containsEntry("FAULT_ID", fault.faultId()).containsEntry("DURATION_SECONDS", "5");
        });
        String script = KubeletKillFault.SCRIPT;
        assertThat(script.indexOf("systemd-run")).isPositive().isLessThan(script.indexOf("systemctl stop kubelet"));
        assertThat(script).contains("trap 'restore; exit 0' TERM", "systemctl start kubelet");
        faults.revert(fault);
        assertThat(cluster.leftovers(RUNNER_NAMESPACE)).isEmpty();
        assertOnlyNodesReadAndHelperPodsTouched();
    }

    @Test
    void valuesThatReachAShellOrANodeAreRefusedByTheCatalogue() {
        assertThatThrownBy(() -> faults.inputs("node-taint", "TAINTS", "a=b:NoExecute;reboot"))
                .isInstanceOf(InvalidChaosException.class)
                .hasMessageContaining("TAINTS");
        assertThatThrownBy(() -> faults.inputs("node-taint", "TAINTS", "a:Sometimes"))
                .isInstanceOf(InvalidChaosException.class);
        assertThatThrownBy(() -> faults.inputs("node-restart", "REBOOT_COMMAND", "rm -rf /"))
                .isInstanceOf(InvalidChaosException.class)
                .hasMessageContaining("REBOOT_COMMAND");
        assertThatThrownBy(() -> faults.inputs("kubelet-service-kill", "TARGET_NODE", "node-a $(id)"))
                .isInstanceOf(InvalidChaosException.class);
        assertThatThrownBy(() -> faults.inputs("node-cpu-hog", "NODE_CPU_CORE", "2; reboot"))
                .isInstanceOf(InvalidChaosException.class);
        assertThatThrownBy(() -> faults.inputs("node-taint")).isInstanceOf(InvalidChaosException.class);
    }

    @Test
    void aRestartedRunnerRevertsEveryNodeFaultTheJournalHolds() throws Exception {
        faults.inject(
                "node-taint",
                NO_WORKLOADS,
                faults.inputs(
                        "node-taint",
                        "TARGET_NODE",
                        "node-a",
                        "TAINTS",
                        "chaos:NoSchedule",
                        "TOTAL_CHAOS_DURATION",
                        "60s"));
        faults.inject(
                "node-cpu-hog",
                NO_WORKLOADS,
                faults.inputs("node-cpu-hog", "TARGET_NODES", "node-a", "TOTAL_CHAOS_DURATION", "60s"));
        faults.inject(
                "node-memory-hog",
                NO_WORKLOADS,
                faults.inputs("node-memory-hog", "TARGET_NODES", "node-b", "TOTAL_CHAOS_DURATION", "60s"));
        faults.inject(
                "node-io-stress",
                NO_WORKLOADS,
                faults.inputs(
                        "node-io-stress",
                        "TARGET_NODES",
                        "node-a,node-c",
                        "SEQUENCE",
                        "serial",
                        "TOTAL_CHAOS_DURATION",
                        "60s"));
        faults.inject(
                "node-restart",
                NO_WORKLOADS,
                faults.inputs("node-restart", "TARGET_NODE", "node-c", "TOTAL_CHAOS_DURATION", "60s"));
        faults.inject(
                "kubelet-service-kill",
                NO_WORKLOADS,
                faults.inputs("kubelet-service-kill", "TARGET_NODE", "node-b", "TOTAL_CHAOS_DURATION", "60s"));
        assertThat(taints("node-a")).containsExactly("chaos=node-taint:NoSchedule");
        assertThat(helpers()).hasSize(5);

        assertThat(faults.restart())
                .hasSize(6)
                .allSatisfy(recovered -> assertThat(recovered.reverted()).isTrue());

        assertThat(taints("node-a")).isEmpty();
        assertThat(cluster.leftovers(RUNNER_NAMESPACE)).isEmpty();
        Thread.sleep(1500);
        assertThat(cluster.leftovers(RUNNER_NAMESPACE))
                .as("the serial fault's turns ended with the old runner")
                .isEmpty();
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
}
