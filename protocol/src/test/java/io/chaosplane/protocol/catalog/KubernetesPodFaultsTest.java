package io.chaosplane.protocol.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosplane.protocol.linux.ExperimentInput;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The LitmusChaos pod faults of the Kubernetes catalogue's second round: listed with what they need, and their inputs
 * refused at the field when a value could be more than the value (a command, a path out of its directory, a map that
 * is not one).
 */
class KubernetesPodFaultsTest {

    static final List<String> HELPER_POD_FAULTS = List.of(
            "pod-network-corruption",
            "pod-network-duplication",
            "pod-network-partition",
            "pod-dns-error",
            "pod-dns-spoof",
            "pod-http-latency",
            "pod-http-status-code",
            "pod-http-modify-header",
            "pod-http-modify-body",
            "pod-http-reset-peer");

    private final FaultCatalog catalog = FaultCatalog.standard();

    @Test
    void theyFollowTheNetworkFaultsAsKubernetesPodFaultsWithTheVerbsTheyNeed() {
        List<String> names = catalog.faults().stream()
                .filter(fault -> fault.platform() == Platform.KUBERNETES)
                .map(FaultDefinition::name)
                .toList();
        int loss = names.indexOf("pod-network-loss");
        // issue 14: at least LitmusChaos' breadth of generic Kubernetes faults
        assertThat(names).hasSizeGreaterThanOrEqualTo(26).doesNotHaveDuplicates();

        assertThat(names.subList(loss + 1, loss + 13))
                .containsExactly(
                        "pod-network-corruption",
                        "pod-network-duplication",
                        "pod-network-partition",
                        "pod-dns-error",
                        "pod-dns-spoof",
                        "pod-io-stress",
                        "pod-http-latency",
                        "pod-http-status-code",
                        "pod-http-modify-header",
                        "pod-http-modify-body",
                        "pod-http-reset-peer",
                        "disk-fill");
        for (String name : HELPER_POD_FAULTS) {
            FaultDefinition fault = catalog.find(name).orElseThrow();
            assertThat(fault.category()).as(name).isEqualTo("pod");
            assertThat(fault.permissions().kubernetes())
                    .as(name)
                    .containsExactly("list pods", "create pods", "delete pods");
            assertThat(fault.input("SOCKET_PATH")).as(name).isPresent();
        }
        for (String name : List.of("pod-io-stress", "disk-fill")) {
            assertThat(catalog.find(name).orElseThrow().permissions().kubernetes())
                    .containsExactly("list pods", "create pods/exec");
        }
    }

    @Test
    void litmusDefaultsApply() {
        FaultInputs http = catalog.resolve("pod-http-latency", List.of());
        assertThat(http.integer("LATENCY")).isEqualTo(2000);
        assertThat(http.integer("TARGET_SERVICE_PORT")).isEqualTo(80);
        assertThat(http.integer("PROXY_PORT")).isEqualTo(20000);
        assertThat(http.percentage("TOXICITY")).isEqualTo(100);
        FaultInputs fill = catalog.resolve("disk-fill", List.of());
        assertThat(fill.percentage("FILL_PERCENTAGE")).isEqualTo(80);
        assertThat(fill.integer("DATA_BLOCK_SIZE")).isEqualTo(256);
        FaultInputs io = catalog.resolve("pod-io-stress", List.of());
        assertThat(io.integer("NUMBER_OF_WORKERS")).isEqualTo(4);
        assertThat(io.string("VOLUME_MOUNT_PATH")).isEqualTo("/tmp");
        assertThat(catalog.resolve("pod-network-partition", List.of()).string("POLICY_TYPES"))
                .isEqualTo("all");
        assertThat(catalog.resolve("pod-dns-error", List.of()).string("MATCH_SCHEME"))
                .isEqualTo("exact");
    }

    @Test
    void requiredMapsAndBodiesMustBeGiven() {
        assertThat(catalog.validateInputs("pod-dns-spoof", List.of()))
                .extracting(FieldError::field)
                .containsExactly("experimentInputs.SPOOF_MAP");
        assertThat(catalog.validateInputs("pod-http-modify-header", List.of()))
                .extracting(FieldError::field)
                .containsExactly("experimentInputs.HEADERS_MAP");
        assertThat(catalog.validateInputs("pod-http-modify-body", List.of()))
                .extracting(FieldError::field)
                .containsExactly("experimentInputs.RESPONSE_BODY");
    }

    @Test
    void wellFormedValuesPass() {
        assertThat(catalog.validateInputs(
                        "pod-dns-spoof", inputs("SPOOF_MAP", "{\"abc.com\": \"spoofabc.com\", \"x\":\"10.0.0.1\"}")))
                .isEmpty();
        assertThat(catalog.validateInputs(
                        "pod-dns-error",
                        inputs(
                                "TARGET_HOSTNAMES",
                                "[\"litmuschaos\",\"chaosnative.com\"]",
                                "UPSTREAM_SERVER",
                                "8.8.8.8")))
                .isEmpty();
        assertThat(catalog.validateInputs(
                        "pod-http-modify-header", inputs("HEADERS_MAP", "{\"X-Chaos\":\"on; max-age=0\"}")))
                .isEmpty();
        assertThat(catalog.validateInputs(
                        "pod-http-status-code",
                        inputs("STATUS_CODE", "500,503", "RESPONSE_BODY", "<h1>down</h1>\nfor \"chaos\"")))
                .isEmpty();
        assertThat(catalog.validateInputs("pod-io-stress", inputs("VOLUME_MOUNT_PATH", "/var/lib/data-1")))
                .isEmpty();
        assertThat(catalog.validateInputs(
                        "pod-network-corruption", inputs("DESTINATION_HOSTS", "api.example.com,db_1.internal")))
                .isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "pod-dns-spoof|SPOOF_MAP|{\"a.com\":\"b.com\"}; reboot",
                "pod-dns-spoof|SPOOF_MAP|{\"a.com\":\"$(reboot)\"}",
                "pod-dns-spoof|SPOOF_MAP|{}",
                "pod-dns-error|TARGET_HOSTNAMES|a.com$(reboot)",
                "pod-dns-error|UPSTREAM_SERVER|8.8.8.8; reboot",
                "pod-http-modify-header|HEADERS_MAP|{\"X-A\":\"b\\\"}",
                "pod-http-modify-header|HEADERS_MAP|{\"X A\":\"b\"}",
                "pod-http-status-code|STATUS_CODE|418",
                "pod-http-status-code|CONTENT_TYPE|text/html; $(reboot)",
                "pod-io-stress|VOLUME_MOUNT_PATH|/tmp/../etc",
                "pod-io-stress|VOLUME_MOUNT_PATH|/tmp; reboot",
                "pod-io-stress|VOLUME_MOUNT_PATH|tmp",
                "pod-network-partition|DESTINATION_HOSTS|-rf",
                "pod-network-duplication|DESTINATION_IPS|10.0.0.1;reboot",
                "pod-http-latency|TARGET_SERVICE_PORT|70000",
                "disk-fill|FILL_PERCENTAGE|150"
            })
    void valuesThatCouldBeMoreThanAValueAreRefusedAtTheirField(String fault) {
        String[] parts = fault.split("\\|", 3);

        assertThat(catalog.validateInputs(parts[0], inputs(parts[1], parts[2])))
                .extracting(FieldError::field)
                .containsExactly("experimentInputs." + parts[1]);
    }

    static List<ExperimentInput> inputs(String... namesAndValues) {
        List<ExperimentInput> inputs = new ArrayList<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            inputs.add(new ExperimentInput(namesAndValues[i], namesAndValues[i + 1]));
        }
        return inputs;
    }
}
