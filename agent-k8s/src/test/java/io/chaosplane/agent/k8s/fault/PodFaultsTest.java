package io.chaosplane.agent.k8s.fault;

import static io.chaosplane.agent.k8s.testing.FaultHarness.RUNNER_NAMESPACE;
import static io.chaosplane.agent.k8s.testing.FaultHarness.deployment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chaosplane.agent.fault.ActiveFault;
import io.chaosplane.agent.fault.FaultException;
import io.chaosplane.agent.k8s.testing.FaultHarness;
import io.chaosplane.protocol.catalog.FaultCatalog;
import io.chaosplane.protocol.catalog.FaultInputs;
import io.chaosplane.protocol.k8s.Targets;
import io.chaosplane.protocol.linux.ExperimentInput;
import io.chaosplane.testsupport.kubernetes.SimulatedCluster;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The LitmusChaos pod faults of the second catalogue (network corruption, duplication and partition, DNS error and
 * spoof, the HTTP faults, I/O stress, disk fill) against the simulated cluster: the helper pod each one starts, or the
 * script it runs by exec, with the values where they belong; then reverted, also by a runner that restarts mid-fault.
 */
class PodFaultsTest {

    @TempDir
    Path state;

    SimulatedCluster cluster;
    FaultHarness faults;

    @BeforeEach
    void cluster() {
        cluster = new SimulatedCluster();
        cluster.node("node-a", Map.of("zone", "a"));
        cluster.node("node-b", Map.of("zone", "b"));
        cluster.deployment("shop", "cart", 2, List.of("node-a"));
        cluster.deployment("shop", "checkout", 1, List.of("node-b"));
        faults = new FaultHarness(cluster, state, false);
    }

    @AfterEach
    void close() {
        faults.close();
        cluster.close();
    }

    @Nested
    class NetworkNamespaceHelpers {

        @ParameterizedTest
        @CsvSource({
            "pod-network-corruption, NETWORK_PACKET_CORRUPTION_PERCENTAGE, 7.5, netem corrupt 7.5%",
            "pod-network-duplication, NETWORK_PACKET_DUPLICATION_PERCENTAGE, 20, netem duplicate 20%"
        })
        void netemFaultsShapeThePodFromAHelperOnItsNodeUntilReverted(
                String fault, String input, String value, String netem) throws Exception {
            ActiveFault active = faults.inject(
                    fault,
                    deployment("shop", "checkout"),
                    faults.inputs(
                            fault,
                            input,
                            value,
                            "DESTINATION_IPS",
                            "10.0.0.0/8",
                            "DESTINATION_HOSTS",
                            "localhost",
                            "TOTAL_CHAOS_DURATION",
                            "5s"));

            Pod helper = helper();
            assertThat(helper.getSpec().getNodeName()).isEqualTo("node-b");
            assertThat(helper.getSpec().getContainers().getFirst().getCommand())
                    .containsExactly("/bin/sh", "-c", NetworkFault.SCRIPT, "chaosplane-network-helper");
            assertThat(env(helper))
                    .containsEntry("NETEM", netem)
                    .containsEntry("DESTINATION_IPS", "10.0.0.0/8 127.0.0.1")
                    .containsEntry("DURATION_SECONDS", "5");
            assertThat(cluster.shapedPods())
                    .containsExactly("shop/" + pods("checkout").getFirst());

            faults.revert(active);
            assertThat(cluster.leftovers(RUNNER_NAMESPACE)).isEmpty();
        }

        @Test
        void partitionDropsTrafficThroughChainsOfItsOwnAndRemovesThem() throws Exception {
            ActiveFault active = faults.inject(
                    "pod-network-partition",
                    deployment("shop", "checkout"),
                    faults.inputs(
                            "pod-network-partition",
                            "POLICY_TYPES",
                            "egress",
                            "DESTINATION_IPS",
                            "10.1.2.3",
                            "TOTAL_CHAOS_DURATION",
                            "5s"));

            Pod helper = helper();
            assertThat(helper.getSpec().getContainers().getFirst().getCommand())
                    .containsExactly("/bin/sh", "-c", PartitionHelper.SCRIPT, "chaosplane-partition-helper");
            assertThat(env(helper))
                    .containsEntry("CHAIN", "CP" + active.faultId())
                    .containsEntry("POLICY_TYPES", "egress")
                    .containsEntry("DESTINATION_IPS", "10.1.2.3");
            assertThat(PartitionHelper.SCRIPT)
                    .contains(
                            "nsenter -t \"$pid\" -n iptables -w",
                            "ipt -I \"$1\" -j \"$CHAIN-$1\"",
                            "ipt -D \"$hook\" -j \"$CHAIN-$hook\"",
                            "ipt -X \"$CHAIN-$hook\"",
                            "trap 'undo; exit 0' TERM INT",
                            "trap undo EXIT");
            assertThat(cluster.shapedPods()).hasSize(1);

            faults.revert(active);
            assertThat(cluster.leftovers(RUNNER_NAMESPACE)).isEmpty();
        }

        @Test
        void partitionRefusesAnIpv6DestinationBeforeAnyHelperStarts() {
            assertThatThrownBy(() -> faults.inject(
                            "pod-network-partition",
                            deployment("shop", "checkout"),
                            faults.inputs(
                                    "pod-network-partition",
                                    "DESTINATION_IPS",
                                    "fd00::1",
                                    "TOTAL_CHAOS_DURATION",
                                    "5s")))
                    .isInstanceOf(FaultException.class)
                    .hasMessageContaining("IPv4 destinations only");
            assertThat(cluster.leftovers(RUNNER_NAMESPACE)).isEmpty();
            assertThat(cluster.calls())
                    .noneSatisfy(call -> assertThat(call.method() + " " + call.path())
                            .isEqualTo("POST /api/v1/namespaces/" + RUNNER_NAMESPACE + "/pods"));
        }

        @Test
        void aSpoofMapThatIsNoMapIsRefusedBeforeAnyHelperStarts() {
            FaultInputs crafted = HelperPodInputsTest.uncheckedCatalog()
                    .resolve(
                            "pod-dns-spoof",
                            List.of(
                                    new ExperimentInput("SPOOF_MAP", "a.com=b.com; reboot"),
                                    new ExperimentInput("TOTAL_CHAOS_DURATION", "5s")));

            assertThatThrownBy(() -> faults.inject("pod-dns-spoof", deployment("shop", "checkout"), crafted))
                    .isInstanceOf(FaultException.class)
                    .hasMessageContaining("cannot plan")
                    .hasMessageContaining("SPOOF_MAP is not a JSON object");
            assertThat(cluster.calls())
                    .noneSatisfy(call -> assertThat(call.method() + " " + call.path())
                            .isEqualTo("POST /api/v1/namespaces/" + RUNNER_NAMESPACE + "/pods"));
        }

        @Test
        void dnsErrorRunsTheInterceptorBehindARedirectWithTheNamesAsJson() throws Exception {
            ActiveFault active = faults.inject(
                    "pod-dns-error",
                    deployment("shop", "checkout"),
                    faults.inputs(
                            "pod-dns-error",
                            "TARGET_HOSTNAMES",
                            "[\"litmuschaos\",\"chaosnative.com\"]",
                            "MATCH_SCHEME",
                            "substring",
                            "UPSTREAM_SERVER",
                            "10.96.0.10",
                            "TOTAL_CHAOS_DURATION",
                            "5s"));

            Pod helper = helper();
            assertThat(helper.getSpec().getContainers().getFirst().getCommand())
                    .containsExactly("/bin/sh", "-c", DnsHelper.SCRIPT, "chaosplane-dns-helper");
            assertThat(env(helper))
                    .containsEntry("CHAOS_TYPE", "error")
                    .containsEntry("TARGET_HOSTNAMES", "[\"litmuschaos\",\"chaosnative.com\"]")
                    .containsEntry("MATCH_SCHEME", "substring")
                    .containsEntry("UPSTREAM_SERVER", "10.96.0.10")
                    .containsEntry("PORT", "53053")
                    .containsEntry("CHAOS_DURATION", "5")
                    .doesNotContainKey("SPOOF_MAP");
            assertThat(DnsHelper.SCRIPT)
                    .contains(
                            "-t nat \"$1\" OUTPUT -p udp --dport 53",
                            "! --gid-owner \"$INTERCEPTOR_GROUP\" -j REDIRECT --to-ports \"$PORT\"",
                            "nsenter -t \"$pid\" -n -G \"$INTERCEPTOR_GROUP\" dns_interceptor",
                            "rule -D");
            assertThat(cluster.shapedPods()).hasSize(1);

            faults.revert(active);
            assertThat(cluster.leftovers(RUNNER_NAMESPACE)).isEmpty();
        }

        @Test
        void dnsSpoofHandsTheInterceptorTheMapItParsed() throws Exception {
            ActiveFault active = faults.inject(
                    "pod-dns-spoof",
                    deployment("shop", "checkout"),
                    faults.inputs(
                            "pod-dns-spoof",
                            "SPOOF_MAP",
                            "{ \"abc.com\" : \"spoofabc.com\", \"x.io\": \"10.0.0.9\" }",
                            "TOTAL_CHAOS_DURATION",
                            "5s"));

            assertThat(env(helper()))
                    .containsEntry("CHAOS_TYPE", "spoof")
                    .containsEntry("SPOOF_MAP", "{\"abc.com\":\"spoofabc.com\",\"x.io\":\"10.0.0.9\"}")
                    .doesNotContainKey("TARGET_HOSTNAMES");

            faults.revert(active);
            assertThat(cluster.leftovers(RUNNER_NAMESPACE)).isEmpty();
        }

        @ParameterizedTest
        @CsvSource(
                delimiter = '|',
                value = {
                    "pod-http-latency|LATENCY|750|-t latency -a latency=750",
                    "pod-http-status-code|STATUS_CODE|503|-t status_code -a status_code=503 -a modify_response_body=1"
                            + " -a response_body= -a content_type=text/plain -a content_encoding=",
                    "pod-http-modify-header|HEADERS_MAP|{\"X-Chaos\": \"on\"}|-t header --downstream"
                            + " -a headers={\"X-Chaos\":\"on\"} -a mode=response",
                    "pod-http-modify-body|RESPONSE_BODY|down for chaos|-t modify_body -a body=down for chaos"
                            + " -a content_type=text/plain -a content_encoding=",
                    "pod-http-reset-peer|RESET_TIMEOUT|100|-t reset_peer -a timeout=100"
                })
        void httpFaultsRedirectTheServicePortToAProxyWithTheirToxic(
                String fault, String input, String value, String toxic) throws Exception {
            ActiveFault active = faults.inject(
                    fault,
                    deployment("shop", "checkout"),
                    faults.inputs(
                            fault,
                            input,
                            value,
                            "TARGET_SERVICE_PORT",
                            "8080",
                            "TOXICITY",
                            "50",
                            "TOTAL_CHAOS_DURATION",
                            "5s"));

            Pod helper = helper();
            List<String> command = helper.getSpec().getContainers().getFirst().getCommand();
            assertThat(command.subList(0, 4))
                    .containsExactly("/bin/sh", "-c", HttpHelper.SCRIPT, "chaosplane-http-helper");
            assertThat(command.subList(4, 8)).containsExactly("-n", "chaosplane", "--toxicity", "0.5");
            assertThat(command.subList(8, command.size())).containsExactlyElementsOf(arguments(toxic));
            assertThat(env(helper))
                    .containsEntry("TARGET_PORT", "8080")
                    .containsEntry("PROXY_PORT", "20000")
                    .containsEntry("DEVICE", "eth0");
            assertThat(HttpHelper.SCRIPT)
                    .contains(
                            "-t nat \"$1\" PREROUTING -i \"$DEVICE\" -p tcp --dport \"$TARGET_PORT\"",
                            "-j REDIRECT --to-ports \"$PROXY_PORT\"",
                            "toxic add \"$@\" chaosplane",
                            "rule -D");
            assertThat(cluster.shapedPods()).hasSize(1);

            faults.revert(active);
            assertThat(cluster.leftovers(RUNNER_NAMESPACE)).isEmpty();
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "pod-network-corruption",
                    "pod-network-duplication",
                    "pod-network-partition",
                    "pod-dns-error",
                    "pod-http-latency",
                    "pod-http-reset-peer"
                })
        void aCraftedSocketPathIsRefusedBeforeAnyHelperPodExists(String fault) {
            FaultInputs crafted = HelperPodInputsTest.uncheckedCatalog()
                    .resolve(
                            fault,
                            List.of(
                                    new ExperimentInput("SOCKET_PATH", "/run/containerd/containerd.sock; reboot"),
                                    new ExperimentInput("TOTAL_CHAOS_DURATION", "5s")));

            assertThatThrownBy(() -> faults.inject(fault, deployment("shop", "checkout"), crafted))
                    .isInstanceOf(FaultException.class)
                    .hasMessageContaining("SOCKET_PATH is not a well-formed socket path");
            assertThat(cluster.calls())
                    .noneSatisfy(call -> assertThat(call.method() + " " + call.path())
                            .isEqualTo("POST /api/v1/namespaces/" + RUNNER_NAMESPACE + "/pods"));
        }

        @Test
        void aProxyOnTheServicesOwnPortIsRefusedBeforeAnyHelperStarts() {
            assertThatThrownBy(() -> faults.inject(
                            "pod-http-latency",
                            deployment("shop", "checkout"),
                            faults.inputs(
                                    "pod-http-latency", "TARGET_SERVICE_PORT", "20000", "TOTAL_CHAOS_DURATION", "5s")))
                    .isInstanceOf(FaultException.class)
                    .hasMessageContaining("PROXY_PORT must differ");
            assertThat(faults.client()
                            .pods()
                            .inNamespace(RUNNER_NAMESPACE)
                            .list()
                            .getItems())
                    .isEmpty();
        }

        /** As from a control plane that does not check: the script stays the same, the values stay one argument. */
        @Test
        void craftedBodiesAndHeadersAreArgumentsOfTheProxyNeverScript() throws Exception {
            FaultCatalog unchecked = HelperPodInputsTest.uncheckedCatalog();
            String body = "'; reboot; echo $(id) `id`";
            ActiveFault active = faults.inject(
                    "pod-http-status-code",
                    deployment("shop", "checkout"),
                    unchecked.resolve(
                            "pod-http-status-code",
                            List.of(
                                    new ExperimentInput("RESPONSE_BODY", body),
                                    new ExperimentInput("STATUS_CODE", "500"),
                                    new ExperimentInput("CONTENT_TYPE", "text/html; $(reboot)"),
                                    new ExperimentInput("TOTAL_CHAOS_DURATION", "5s"))));

            List<String> command = helper().getSpec().getContainers().getFirst().getCommand();
            assertThat(command.get(2)).isEqualTo(HttpHelper.SCRIPT);
            assertThat(command).contains("response_body=" + body, "content_type=text/html; $(reboot)");
            faults.revert(active);

            assertThatThrownBy(() -> faults.inject(
                            "pod-http-modify-header",
                            deployment("shop", "checkout"),
                            unchecked.resolve(
                                    "pod-http-modify-header",
                                    List.of(
                                            new ExperimentInput("HEADERS_MAP", "$(reboot)"),
                                            new ExperimentInput("TOTAL_CHAOS_DURATION", "5s")))))
                    .isInstanceOf(FaultException.class)
                    .hasMessageContaining("HEADERS_MAP is not a JSON object");
            assertThat(cluster.leftovers(RUNNER_NAMESPACE)).isEmpty();
        }
    }

    @Nested
    class ExecInTheContainer {

        @Test
        void ioStressWritesUnderTheVolumeAndRevertStopsItAndRemovesTheFiles() throws Exception {
            ActiveFault active = faults.inject(
                    "pod-io-stress",
                    deployment("shop", "checkout"),
                    faults.inputs(
                            "pod-io-stress",
                            "VOLUME_MOUNT_PATH",
                            "/data/cache",
                            "NUMBER_OF_WORKERS",
                            "2",
                            "FILESYSTEM_UTILIZATION_PERCENTAGE",
                            "30",
                            "TOTAL_CHAOS_DURATION",
                            "5s"));

            String pod = pods("checkout").getFirst();
            assertThat(cluster.processes("shop", pod, "app"))
                    .singleElement()
                    .satisfies(marker -> assertThat(marker).contains(active.faultId()));
            String start = cluster.execScripts().getFirst();
            assertThat(start)
                    .startsWith("shop/" + pod + "/app: ")
                    .contains(
                            "D=/data/cache/chaosplane-io-" + active.faultId() + "\n",
                            "* 30 / 100 / 1024 / 2 ))",
                            "for i in $(seq 2); do ( while :; do dd if=/dev/zero of=$D.$i bs=1M count=$S"
                                    + " conv=fsync; rm -f $D.$i; done )",
                            "rm -f $M $M.w $D.* ) >/dev/null 2>&1 &");

            faults.revert(active);
            assertThat(cluster.processCount()).isZero();
            assertThat(cluster.execScripts().getLast())
                    .contains("D=/data/cache/chaosplane-io-" + active.faultId(), "rm -f $M $M.w $D.*");
        }

        @Test
        void ioStressWithBytesSharesTheGigabytesAmongTheWorkers() throws Exception {
            faults.revert(faults.inject(
                    "pod-io-stress",
                    deployment("shop", "checkout"),
                    faults.inputs(
                            "pod-io-stress",
                            "FILESYSTEM_UTILIZATION_BYTES",
                            "2",
                            "NUMBER_OF_WORKERS",
                            "4",
                            "TOTAL_CHAOS_DURATION",
                            "5s")));

            assertThat(cluster.execScripts().getFirst()).contains("D=/tmp/chaosplane-io-", "\nS=512\n");
            assertThat(cluster.processCount()).isZero();
        }

        @Test
        void aCraftedVolumePathIsRefusedBeforeAnythingRuns() {
            FaultInputs crafted = HelperPodInputsTest.uncheckedCatalog()
                    .resolve(
                            "pod-io-stress",
                            List.of(
                                    new ExperimentInput("VOLUME_MOUNT_PATH", "/tmp; reboot"),
                                    new ExperimentInput("TOTAL_CHAOS_DURATION", "5s")));

            assertThatThrownBy(() -> faults.inject("pod-io-stress", deployment("shop", "checkout"), crafted))
                    .isInstanceOf(FaultException.class)
                    .hasMessageContaining("VOLUME_MOUNT_PATH is not a well-formed directory");
            assertThat(cluster.execScripts()).isEmpty();
        }

        @Test
        void diskFillWritesItsShareOfTheEphemeralStorageLimitAndRevertRemovesIt() throws Exception {
            limitedPod("ledger", "200Mi");

            ActiveFault active = faults.inject(
                    "disk-fill",
                    Targets.of(List.of(new Targets.Workload("pod", "shop", "ledger", ""))),
                    faults.inputs("disk-fill", "FILL_PERCENTAGE", "50", "TOTAL_CHAOS_DURATION", "5s"));

            assertThat(cluster.processes("shop", "ledger", "app")).hasSize(1);
            assertThat(cluster.execScripts().getFirst())
                    .contains(
                            "D=/tmp/chaosplane-stress-" + active.faultId() + "\n",
                            "dd if=/dev/zero of=$D.fill bs=256k count=400 ");
            faults.revert(active);
            assertThat(cluster.processCount()).isZero();
            assertThat(cluster.execScripts().getLast()).contains("rm -f $M $M.w $D.*");
        }

        /** A runner upgraded while cpu or memory stress was in force reads its predecessor's journal. */
        @Test
        void aStressStateJournalledBeforeTheseFaultsStillReadsAsTheMarkersOwn() {
            StressFault.State old = io.chaosplane.protocol.ProtocolJson.mapper()
                    .readValue(
                            "{\"targets\":[{\"namespace\":\"shop\",\"pod\":\"p\",\"container\":\"app\"}]}",
                            StressFault.State.class);

            assertThat(old.targets()).containsExactly(new StressFault.Target("shop", "p", "app", 0));
            assertThat(old.data()).isNull();
        }

        @Test
        void diskFillNeedsALimitOrMebibytes() throws Exception {
            assertThatThrownBy(() -> faults.inject(
                            "disk-fill",
                            deployment("shop", "checkout"),
                            faults.inputs("disk-fill", "TOTAL_CHAOS_DURATION", "5s")))
                    .isInstanceOf(FaultException.class)
                    .hasMessageContaining("no ephemeral-storage limit: give EPHEMERAL_STORAGE_MEBIBYTES");
            assertThat(cluster.execScripts()).isEmpty();

            faults.revert(faults.inject(
                    "disk-fill",
                    deployment("shop", "checkout"),
                    faults.inputs(
                            "disk-fill",
                            "EPHEMERAL_STORAGE_MEBIBYTES",
                            "3",
                            "DATA_BLOCK_SIZE",
                            "1000",
                            "TOTAL_CHAOS_DURATION",
                            "5s")));
            assertThat(cluster.execScripts().getFirst()).contains("of=$D.fill bs=1000k count=4 ");
            assertThat(cluster.processCount()).isZero();
        }
    }

    @Test
    void aRestartedRunnerRevertsEveryOneOfThemFromTheJournal() throws Exception {
        limitedPod("ledger", "1Gi");
        Targets checkout = deployment("shop", "checkout");
        faults.inject(
                "pod-network-duplication",
                deployment("shop", "cart"),
                faults.inputs("pod-network-duplication", "TOTAL_CHAOS_DURATION", "60s"));
        faults.inject(
                "pod-network-partition",
                checkout,
                faults.inputs("pod-network-partition", "TOTAL_CHAOS_DURATION", "60s"));
        faults.inject(
                "pod-dns-spoof",
                checkout,
                faults.inputs("pod-dns-spoof", "SPOOF_MAP", "{\"a.com\":\"b.com\"}", "TOTAL_CHAOS_DURATION", "60s"));
        faults.inject(
                "pod-http-reset-peer", checkout, faults.inputs("pod-http-reset-peer", "TOTAL_CHAOS_DURATION", "60s"));
        faults.inject(
                "pod-io-stress",
                checkout,
                faults.inputs("pod-io-stress", "VOLUME_MOUNT_PATH", "/var/data", "TOTAL_CHAOS_DURATION", "60s"));
        faults.inject(
                "disk-fill",
                Targets.of(List.of(new Targets.Workload("pod", "shop", "ledger", ""))),
                faults.inputs("disk-fill", "TOTAL_CHAOS_DURATION", "60s"));
        assertThat(cluster.shapedPods()).hasSize(2);
        assertThat(cluster.processCount()).isEqualTo(2);
        assertThat(faults.client().pods().inNamespace(RUNNER_NAMESPACE).list().getItems())
                .hasSize(4);

        assertThat(faults.restart())
                .hasSize(6)
                .allSatisfy(recovered -> assertThat(recovered.reverted()).isTrue());

        assertThat(cluster.leftovers(RUNNER_NAMESPACE)).isEmpty();
        assertThat(cluster.execScripts())
                .filteredOn(script -> script.contains("echo reverted"))
                .anySatisfy(script -> assertThat(script).contains("D=/var/data/chaosplane-io-"))
                .anySatisfy(script -> assertThat(script).startsWith("shop/ledger/app: "));
    }

    /** A running pod whose container has an ephemeral-storage limit (the kubelet stand-in starts it). */
    private void limitedPod(String name, String limit) {
        faults.client()
                .pods()
                .inNamespace("shop")
                .resource(new PodBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .withNamespace("shop")
                        .withLabels(Map.of(SimulatedCluster.APP_LABEL, name))
                        .endMetadata()
                        .withNewSpec()
                        .withNodeName("node-a")
                        .addNewContainer()
                        .withName("app")
                        .withImage("app:1")
                        .withNewResources()
                        .addToLimits("ephemeral-storage", new Quantity(limit))
                        .endResources()
                        .endContainer()
                        .endSpec()
                        .build())
                .create();
    }

    private Pod helper() {
        return faults.client().pods().inNamespace(RUNNER_NAMESPACE).list().getItems().stream()
                .filter(pod -> pod.getMetadata().getDeletionTimestamp() == null)
                .findFirst()
                .orElseThrow();
    }

    private static Map<String, String> env(Pod helper) {
        Container container = helper.getSpec().getContainers().getFirst();
        return container.getEnv().stream()
                .collect(
                        Collectors.toMap(EnvVar::getName, EnvVar::getValue, (a, b) -> b, java.util.LinkedHashMap::new));
    }

    /** The toxic's options as the test writes them: split at spaces before each option. */
    private static List<String> arguments(String toxic) {
        List<String> arguments = new ArrayList<>();
        for (String part : toxic.split(" (?=-)")) {
            int space = part.indexOf(' ');
            if (space < 0) {
                arguments.add(part);
            } else {
                arguments.add(part.substring(0, space));
                arguments.add(part.substring(space + 1));
            }
        }
        return arguments;
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
}
