package io.chaosplane.protocol.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chaosplane.protocol.ProtocolJson;
import io.chaosplane.protocol.linux.ChaosSpec;
import io.chaosplane.protocol.linux.ExperimentInput;
import io.chaosplane.protocol.units.ByteSize;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class FaultCatalogTest {

    private final FaultCatalog catalog = FaultCatalog.standard();

    @Test
    void listsEveryLinuxFault() {
        assertThat(catalog.faults())
                .filteredOn(fault -> fault.platform() == Platform.LINUX)
                .extracting(FaultDefinition::name)
                .containsExactly(
                        "linux-cpu-stress",
                        "linux-memory-stress",
                        "linux-disk-fill",
                        "linux-io-stress",
                        "linux-process-kill",
                        "linux-network-latency",
                        "linux-network-loss",
                        "linux-network-corruption",
                        "linux-network-duplication",
                        "linux-network-rate-limit",
                        "linux-network-blackhole",
                        "linux-dns-error",
                        "linux-dns-spoof",
                        "linux-process-stop",
                        "linux-service-restart",
                        "linux-fs-fill",
                        "linux-time-chaos",
                        "linux-system-time-chaos",
                        "linux-api-block",
                        "linux-api-latency",
                        "linux-api-status-code",
                        "linux-api-modify-body",
                        "linux-api-modify-header",
                        "linux-jvm-method-latency",
                        "linux-jvm-method-exception",
                        "linux-jvm-modify-return",
                        "linux-jvm-cpu-stress",
                        "linux-jvm-memory-stress",
                        "linux-jvm-trigger-gc",
                        "linux-status-check");
    }

    @Test
    void everyFaultHasACategoryAndSaysWhatItNeeds() {
        assertThat(catalog.faults()).allSatisfy(fault -> {
            assertThat(fault.category()).as(fault.name()).isNotBlank();
            assertThat(fault.permissions()).as(fault.name()).isNotNull();
        });
        JsonNode latency = ProtocolJson.mapper()
                .valueToTree(catalog.find("linux-network-latency").orElseThrow());
        assertThat(latency.get("category").asString()).isEqualTo("network");
        assertThat(latency.get("permissions").get("root").asBoolean()).isTrue();
        assertThat(latency.get("permissions").get("capabilities").get(0).asString())
                .isEqualTo("CAP_NET_ADMIN");
        assertThat(latency.get("permissions").get("kernelModules").get(0).asString())
                .isEqualTo("sch_netem");
        assertThat(catalog.find("linux-network-rate-limit")
                        .orElseThrow()
                        .permissions()
                        .kernelModules())
                .isEmpty();
        assertThat(catalog.find("pod-delete").orElseThrow().permissions().kubernetes())
                .contains("delete pods");
    }

    @Nested
    class NewLinuxFaults {

        @Test
        void processStopTakesExactlyOneWayOfChoosingProcesses() {
            assertThat(catalog.validateInputs(
                            "linux-process-stop", inputs("CommandPattern", "sleep 3\\d+", "Duration", "5s")))
                    .isEmpty();
            assertThat(catalog.validateInputs(
                            "linux-process-stop", inputs("ProcessName", "sleep", "PID", "1234", "Duration", "5s")))
                    .containsExactly(new FieldError(
                            "experimentInputs.PID", "give only one of ProcessName or PID or CommandPattern"));
        }

        @Test
        void serviceRestartTakesUnitNamesOnly() {
            assertThat(catalog.validateInputs(
                            "linux-service-restart",
                            inputs("Services", "nginx.service,getty@tty1.service", "Duration", "5s")))
                    .isEmpty();
            assertThat(catalog.validateInputs(
                            "linux-service-restart", inputs("Services", "nginx; reboot", "Duration", "5s")))
                    .extracting(FieldError::field)
                    .containsExactly("experimentInputs.Services");
        }

        @Test
        void rateLimitBoundsItsRateAndBucket() {
            assertThat(catalog.validateInputs(
                            "linux-network-rate-limit", inputs("Rate", "4", "Burst", "1Gi", "Duration", "5s")))
                    .extracting(FieldError::field)
                    .containsExactly("experimentInputs.Rate", "experimentInputs.Burst");
        }

        @Test
        void dnsSpoofTakesNameAddressPairsAndAnUpstreamAddress() {
            assertThat(catalog.validateInputs(
                            "linux-dns-spoof",
                            inputs(
                                    "SpoofMap",
                                    "shop.test=10.0.0.9,api=fd00::1",
                                    "Upstream",
                                    "[fd00::2]:5353",
                                    "Duration",
                                    "5s")))
                    .isEmpty();
            assertThat(catalog.validateInputs(
                            "linux-dns-spoof",
                            inputs("SpoofMap", "shop.test=evil.example", "Upstream", "dns.example", "Duration", "5s")))
                    .extracting(FieldError::field)
                    .containsExactly("experimentInputs.SpoofMap", "experimentInputs.Upstream");
        }

        @Test
        void aHeaderValueCannotSmuggleAnotherHeader() {
            assertThat(catalog.validateInputs(
                            "linux-api-modify-header",
                            inputs(
                                    "TargetPort",
                                    "8080",
                                    "HeaderName",
                                    "X-Chaos",
                                    "HeaderValue",
                                    "a\r\nSet-Cookie: x",
                                    "Duration",
                                    "5s")))
                    .extracting(FieldError::field)
                    .containsExactly("experimentInputs.HeaderValue");
        }

        @Test
        void jvmFaultsTakeOneWayOfChoosingTheJvmAndAJavaClassAndMethodName() {
            assertThat(catalog.validateInputs(
                            "linux-jvm-method-latency",
                            inputs(
                                    "Class",
                                    "com.example.shop.Cart$Line",
                                    "Method",
                                    "total",
                                    "CommandPattern",
                                    "shop\\.jar",
                                    "Duration",
                                    "5s")))
                    .isEmpty();
            assertThat(catalog.resolve(
                                    "linux-jvm-method-latency",
                                    inputs("Class", "a.B", "Method", "c", "PID", "42", "Duration", "5s"))
                            .integer("Latency"))
                    .isEqualTo(2000);
            assertThat(catalog.validateInputs(
                            "linux-jvm-method-exception",
                            inputs(
                                    "Class",
                                    "com.example.Cart; rm -rf /",
                                    "Method",
                                    "total()",
                                    "Exception",
                                    "java.lang.IllegalStateException",
                                    "PID",
                                    "42",
                                    "ProcessName",
                                    "java",
                                    "Duration",
                                    "5s")))
                    .extracting(FieldError::field)
                    .containsExactly(
                            "experimentInputs.Class", "experimentInputs.Method", "experimentInputs.ProcessName");
            assertThat(catalog.validateInputs("linux-jvm-trigger-gc", inputs("Duration", "5s")))
                    .extracting(FieldError::field)
                    .containsExactly("experimentInputs.PID");
        }

        @Test
        void jvmFaultsSayTheyNeedToAttachAndBoundTheirStress() {
            FaultDefinition memory = catalog.find("linux-jvm-memory-stress").orElseThrow();
            assertThat(memory.category()).isEqualTo("jvm");
            assertThat(memory.permissions().capabilities()).containsExactly("CAP_KILL", "CAP_SYS_PTRACE");
            assertThat(catalog.validateInputs(
                            "linux-jvm-memory-stress", inputs("Memory", "128Gi", "PID", "42", "Duration", "5s")))
                    .extracting(FieldError::field)
                    .containsExactly("experimentInputs.Memory");
            assertThat(catalog.validateInputs(
                            "linux-jvm-cpu-stress", inputs("CPU", "0", "Load", "101", "PID", "42", "Duration", "5s")))
                    .extracting(FieldError::field)
                    .containsExactly("experimentInputs.CPU", "experimentInputs.Load");
        }

        @Test
        void fsFillTakesACountOrAShareOfTheInodes() {
            assertThat(catalog.validateInputs(
                            "linux-fs-fill",
                            inputs("Path", "/tmp", "Inodes", "10", "Percentage", "50", "Duration", "5s")))
                    .extracting(FieldError::field)
                    .containsExactly("experimentInputs.Percentage");
        }
    }

    @Test
    void servesAsJsonAUiCanBuildFormsFrom() {
        JsonNode cpu = ProtocolJson.mapper()
                .valueToTree(catalog.find("linux-cpu-stress").orElseThrow());

        assertThat(cpu.get("platform").asString()).isEqualTo("linux");
        JsonNode load = cpu.get("inputs").get(0);
        assertThat(load.get("name").asString()).isEqualTo("Load");
        assertThat(load.get("type").asString()).isEqualTo("percentage");
        assertThat(load.get("default").asString()).isEqualTo("100");
        assertThat(load.get("min").asString()).isEqualTo("1");
        assertThat(load.get("required").asBoolean()).isFalse();
        JsonNode signal = ProtocolJson.mapper()
                .valueToTree(catalog.find("linux-process-kill").orElseThrow())
                .get("inputs")
                .get(2);
        assertThat(signal.get("allowedValues")).hasSize(9);
        assertThat(ProtocolJson.mapper()
                        .valueToTree(catalog.find("linux-disk-fill").orElseThrow())
                        .get("rules")
                        .get(0)
                        .get("kind")
                        .asString())
                .isEqualTo("exactlyOne");
    }

    @Nested
    class ValidatingInputs {

        @Test
        void anUnknownFaultNamesTheExperimentField() {
            assertThat(catalog.validateInputs("linux-cpu-hog", inputs("Duration", "30s")))
                    .singleElement()
                    .satisfies(error -> {
                        assertThat(error.field()).isEqualTo("experiment");
                        assertThat(error.message()).contains("unknown fault 'linux-cpu-hog'", "linux-cpu-stress");
                    });
        }

        @Test
        void aMissingRequiredInputIsReportedByName() {
            assertThat(catalog.validateInputs("linux-memory-stress", inputs("Duration", "30s")))
                    .containsExactly(new FieldError("experimentInputs.Memory", "is required"));
        }

        @Test
        void aBlankValueCountsAsMissing() {
            assertThat(catalog.validateInputs("linux-cpu-stress", inputs("Duration", " ")))
                    .containsExactly(new FieldError("experimentInputs.Duration", "is required"));
        }

        @Test
        void aNegativeOrZeroDurationIsRefused() {
            assertThat(catalog.validateInputs("linux-cpu-stress", inputs("Duration", "-5s")))
                    .singleElement()
                    .satisfies(error -> {
                        assertThat(error.field()).isEqualTo("experimentInputs.Duration");
                        assertThat(error.message()).startsWith("must be a positive duration");
                    });
            assertThat(catalog.validateInputs("linux-cpu-stress", inputs("Duration", "0s")))
                    .extracting(FieldError::field)
                    .containsExactly("experimentInputs.Duration");
        }

        @Test
        void aDurationThatIsNoDurationSaysWhatSyntaxIsExpected() {
            assertThat(catalog.validateInputs("linux-cpu-stress", inputs("Duration", "thirty seconds")))
                    .singleElement()
                    .extracting(FieldError::message)
                    .asString()
                    .contains("such as 30s");
        }

        @Test
        void valuesOutOfRangeAreRefusedWithTheLimit() {
            assertThat(catalog.validateInputs("linux-cpu-stress", inputs("Load", "150", "Duration", "30s")))
                    .containsExactly(new FieldError("experimentInputs.Load", "must be from 1 to 100 (was '150')"));
            assertThat(catalog.validateInputs(
                            "linux-network-latency",
                            inputs("Latency", "100", "DestinationPorts", "80,70000", "Duration", "10s")))
                    .containsExactly(
                            new FieldError("experimentInputs.DestinationPorts", "must be at most 65535 (was 70000)"));
        }

        @Test
        void aSizeWithAnUnknownUnitIsRefused() {
            assertThat(catalog.validateInputs("linux-memory-stress", inputs("Memory", "256Qb", "Duration", "5s")))
                    .singleElement()
                    .satisfies(error -> {
                        assertThat(error.field()).isEqualTo("experimentInputs.Memory");
                        assertThat(error.message()).contains("unknown unit 'Qb'");
                    });
        }

        @Test
        void aPercentageIsASizeOnlyWhereTheInputAllowsIt() {
            assertThat(catalog.validateInputs("linux-memory-stress", inputs("Memory", "50%", "Duration", "5s")))
                    .isEmpty();
            assertThat(catalog.validateInputs(
                            "linux-disk-fill", inputs("Path", "/tmp", "Size", "50%", "Duration", "5s")))
                    .extracting(FieldError::field)
                    .containsExactly("experimentInputs.Size");
        }

        @Test
        void unknownAndRepeatedInputsAreErrorsSoThatTyposDoNotPassSilently() {
            assertThat(catalog.validateInputs(
                            "linux-cpu-stress", inputs("Duration", "5s", "Lod", "50", "duration", "6s")))
                    .extracting(FieldError::field)
                    .containsExactly("experimentInputs.Lod", "experimentInputs.duration");
        }

        @Test
        void exactlyOneOfSizeAndPercentageMustBeGiven() {
            assertThat(catalog.validateInputs("linux-disk-fill", inputs("Path", "/tmp", "Duration", "5s")))
                    .containsExactly(new FieldError("experimentInputs.Size", "give one of Size or Percentage"));
            assertThat(catalog.validateInputs(
                            "linux-disk-fill",
                            inputs("Path", "/tmp", "Size", "1G", "Percentage", "5", "Duration", "5s")))
                    .containsExactly(
                            new FieldError("experimentInputs.Percentage", "give only one of Size or Percentage"));
        }

        @Test
        void aBlackholeNeedsHostsOrPorts() {
            assertThat(catalog.validateInputs("linux-network-blackhole", inputs("Duration", "5s")))
                    .extracting(FieldError::field)
                    .containsExactly("experimentInputs.DestinationHosts");
        }

        @Test
        void pidOneCannotBeKilled() {
            assertThat(catalog.validateInputs("linux-process-kill", inputs("PID", "1")))
                    .containsExactly(new FieldError("experimentInputs.PID", "must be at least 2 (was 1)"));
        }

        @Test
        void everyErrorIsReportedAtOnce() {
            assertThat(catalog.validateInputs(
                            "linux-io-stress", inputs("Path", "relative/dir", "Workers", "0", "Duration", "-1s")))
                    .extracting(FieldError::field)
                    .containsExactly("experimentInputs.Path", "experimentInputs.Workers", "experimentInputs.Duration");
        }
    }

    @Nested
    class ResolvingInputs {

        @Test
        void readsTheSeedsSampleInputsIgnoringCaseAndApplyingDefaults() {
            FaultInputs inputs =
                    catalog.resolve("linux-cpu-stress", inputs("load", "100", "WORKERS", "1", "Duration", "30s"));

            assertThat(inputs.percentage("Load")).isEqualTo(100.0);
            assertThat(inputs.integer("Workers")).isEqualTo(1);
            assertThat(inputs.chaosDuration()).contains(Duration.ofSeconds(30));
        }

        @Test
        void appliesDefaultsAndReadsEveryType() {
            FaultInputs inputs = catalog.resolve(
                    "linux-network-latency",
                    inputs(
                            "Latency",
                            "200",
                            "DestinationHosts",
                            "10.0.0.2, example.org",
                            "DestinationPorts",
                            "53,443",
                            "Duration",
                            "1m30s"));

            assertThat(inputs.integer("Jitter")).isZero();
            assertThat(inputs.list("DestinationHosts", String.class)).containsExactly("10.0.0.2", "example.org");
            assertThat(inputs.list("DestinationPorts", Long.class)).containsExactly(53L, 443L);
            assertThat(inputs.optionalString("Interface")).isEmpty();
            assertThat(inputs.duration("Duration")).isEqualTo(Duration.ofSeconds(90));
            assertThat(catalog.resolve("linux-process-kill", inputs("ProcessName", "nginx"))
                            .string("Signal"))
                    .isEqualTo("SIGKILL");
            assertThat(catalog.resolve("linux-process-kill", inputs("ProcessName", "nginx", "Signal", "sigterm"))
                            .string("Signal"))
                    .isEqualTo("SIGTERM");
            assertThat(catalog.resolve("linux-memory-stress", inputs("Memory", "256Mi", "Duration", "5s"))
                            .size("Memory"))
                    .isEqualTo(ByteSize.ofBytes(256L << 20));
        }

        @Test
        void throwsWithEveryFieldErrorWhenInvalid() {
            assertThatThrownBy(() -> catalog.resolve("linux-cpu-stress", inputs("Load", "x")))
                    .isInstanceOfSatisfying(
                            InvalidChaosException.class,
                            e -> assertThat(e.errors())
                                    .extracting(FieldError::field)
                                    .containsExactly("experimentInputs.Load", "experimentInputs.Duration"));
        }
    }

    @Test
    void validatesAWholeChaosMemberWithItsProbes() {
        ChaosSpec chaos = new ChaosSpec(
                "linux-cpu-stress",
                inputs("Duration", "5s"),
                List.of(new io.chaosplane.protocol.probe.Probe("p", "cmdProbe", null, null, null, "Always")));

        assertThat(catalog.validate(chaos))
                .extracting(FieldError::field)
                .containsExactly("probes[0].mode", "probes[0].cmdProbe/inputs");
    }

    /** A manifest's JSON or YAML value reaches a task only as the kind of value its input takes. */
    @Nested
    class ManifestValueKinds {

        private final InputDefinition load =
                catalog.find("linux-cpu-stress").orElseThrow().input("Load").orElseThrow();
        private final InputDefinition ports = catalog.find("linux-network-blackhole")
                .orElseThrow()
                .input("DestinationPorts")
                .orElseThrow();

        @Test
        void textsNumbersAndBooleansAreTheirText() {
            assertThat(load.text("80")).isEqualTo("80");
            assertThat(load.text(80)).isEqualTo("80");
            assertThat(load.text(80.5)).isEqualTo("80.5");
            assertThat(load.text(true)).isEqualTo("true");
            assertThat(load.text(null)).isNull();
        }

        @Test
        void aListOrAnObjectWhereOneValueBelongsIsRefusedSayingWhatIsExpected() {
            assertThatThrownBy(() -> load.text(List.of()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("must be a percentage such as 50, not a list");
            assertThatThrownBy(() -> load.text(List.of("80")))
                    .hasMessage("must be a percentage such as 50, not a list");
            assertThatThrownBy(() -> load.text(java.util.Map.of("value", 80)))
                    .hasMessage("must be a percentage such as 50, not an object");
        }

        @Test
        void aListInputTakesAListOfScalarsButNeverAnEmptyOneOrNestedValues() {
            assertThat(ports.text(List.of(80, "443"))).isEqualTo("80,443");
            assertThat(ports.text("80,443")).isEqualTo("80,443");
            assertThatThrownBy(() -> ports.text(List.of())).hasMessage("must list at least one item");
            assertThatThrownBy(() -> ports.text(List.of(List.of(80)))).hasMessage("must list texts or numbers only");
        }
    }

    /** Seed 001's KubernetesChaosExperiment carries LitmusChaos env: durations as bare seconds. */
    @Nested
    class KubernetesEnv {

        @Test
        void durationsAndIntervalsAreWholeSecondsAsTheSeedShowsThem() {
            assertThat(catalog.env(
                            "pod-delete",
                            inputs("TOTAL_CHAOS_DURATION", "30s", "CHAOS_INTERVAL", "1m", "RAMP_TIME", "1500ms")))
                    .containsExactly(
                            new ExperimentInput("TOTAL_CHAOS_DURATION", "30"),
                            new ExperimentInput("CHAOS_INTERVAL", "60"),
                            new ExperimentInput("RAMP_TIME", "2"));
        }

        @Test
        void otherValuesAndBareSecondsStayAsGiven() {
            assertThat(catalog.env("pod-delete", inputs("TOTAL_CHAOS_DURATION", "30", "FORCE", "true")))
                    .containsExactly(
                            new ExperimentInput("TOTAL_CHAOS_DURATION", "30"), new ExperimentInput("FORCE", "true"));
        }

        @Test
        void whatTheRunnerReadsBackIsTheSameDuration() {
            FaultInputs read =
                    catalog.resolve("pod-delete", catalog.env("pod-delete", inputs("TOTAL_CHAOS_DURATION", "2m")));

            assertThat(read.chaosDuration()).contains(Duration.ofMinutes(2));
        }
    }

    static List<ExperimentInput> inputs(String... namesAndValues) {
        List<ExperimentInput> inputs = new ArrayList<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            inputs.add(new ExperimentInput(namesAndValues[i], namesAndValues[i + 1]));
        }
        return inputs;
    }
}
