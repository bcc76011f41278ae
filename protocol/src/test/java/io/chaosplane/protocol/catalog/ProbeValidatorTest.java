package io.chaosplane.protocol.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosplane.protocol.probe.CmdProbeInputs;
import io.chaosplane.protocol.probe.CmdProbeSource;
import io.chaosplane.protocol.probe.Comparator;
import io.chaosplane.protocol.probe.HttpCheck;
import io.chaosplane.protocol.probe.HttpMethod;
import io.chaosplane.protocol.probe.HttpProbeInputs;
import io.chaosplane.protocol.probe.Probe;
import io.chaosplane.protocol.probe.RunProperties;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProbeValidatorTest {

    private static final RunProperties RUN = new RunProperties("10s", "1s", 1, null, null, null);

    @Test
    void theSeedsSampleProbeIsValid() {
        assertThat(validate(cmd("EOT", new Comparator("string", "contains", "[P000]"))))
                .isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"SOT", "EOT", "Edge", "Continuous", "OnChaos", "onchaos"})
    void acceptsEveryMode(String mode) {
        assertThat(validate(cmd(mode, new Comparator("int", "==", "0")))).isEmpty();
    }

    @Test
    void refusesAnUnknownModeAndType() {
        Probe probe = new Probe("p", "tcpProbe", null, null, RUN, "Sometimes");

        assertThat(validate(probe)).extracting(FieldError::field).containsExactly("probes[0].mode", "probes[0].type");
    }

    @Test
    void probeNamesAreRequiredAndUnique() {
        Probe probe = cmd("SOT", new Comparator("int", "==", "0"));

        assertThat(ProbeValidator.validate(List.of(probe, probe), Platform.LINUX))
                .containsExactly(new FieldError("probes[1].name", "'p' is used by another probe of this fault"));
    }

    @Nested
    class Comparators {

        @Test
        void anUnknownComparatorTypeNamesTheTypeField() {
            assertThat(validate(cmd("SOT", new Comparator("bool", "==", "true"))))
                    .containsExactly(new FieldError(
                            "probes[0].cmdProbe/inputs.comparator.type", "'bool' is not one of [string, int, float]"));
        }

        @Test
        void aCriterionOfAnotherTypeNamesTheCriteriaField() {
            assertThat(validate(cmd("SOT", new Comparator("string", ">=", "a"))))
                    .singleElement()
                    .satisfies(error -> {
                        assertThat(error.field()).isEqualTo("probes[0].cmdProbe/inputs.comparator.criteria");
                        assertThat(error.message()).contains("'>='", "equal", "notMatches");
                    });
            assertThat(validate(cmd("SOT", new Comparator("int", "contains", "1"))))
                    .extracting(FieldError::field)
                    .containsExactly("probes[0].cmdProbe/inputs.comparator.criteria");
        }

        @Test
        void aValueTheTypeCannotReadNamesTheValueField() {
            assertThat(validate(cmd("SOT", new Comparator("int", ">", "1.5"))))
                    .extracting(FieldError::field)
                    .containsExactly("probes[0].cmdProbe/inputs.comparator.value");
            assertThat(validate(cmd("SOT", new Comparator("float", "between", "5,1"))))
                    .extracting(FieldError::field)
                    .containsExactly("probes[0].cmdProbe/inputs.comparator.value");
            assertThat(validate(cmd("SOT", new Comparator("string", "matches", "(unclosed"))))
                    .extracting(FieldError::field)
                    .containsExactly("probes[0].cmdProbe/inputs.comparator.value");
        }
    }

    @Nested
    class HttpProbes {

        @Test
        void aResponseCodeCheckIsValid() {
            assertThat(validate(http(
                            "http://localhost:8080/health",
                            new HttpMethod(HttpCheck.responseCode("oneOf", "200,204"), null))))
                    .isEmpty();
        }

        @Test
        void aResponseBodyCheckUsesStringCriteria() {
            assertThat(validate(http(
                            "https://example.org",
                            new HttpMethod(null, new HttpCheck("contains", null, "ok", "application/json", "{}")))))
                    .isEmpty();
            assertThat(validate(http("https://example.org", new HttpMethod(HttpCheck.responseBody("==", "ok"), null))))
                    .extracting(FieldError::field)
                    .containsExactly("probes[0].httpProbe/inputs.method.get.criteria");
        }

        @Test
        void refusesBothOrNeitherMethod() {
            HttpCheck check = HttpCheck.responseCode("==", "200");

            assertThat(validate(http("http://h", new HttpMethod(check, check))))
                    .extracting(FieldError::field)
                    .containsExactly("probes[0].httpProbe/inputs.method");
            assertThat(validate(http("http://h", null)))
                    .extracting(FieldError::field)
                    .containsExactly("probes[0].httpProbe/inputs.method");
        }

        @Test
        void refusesARelativeUrlAndAnImpossibleStatusCode() {
            assertThat(validate(http("/health", new HttpMethod(HttpCheck.responseCode("==", "2000"), null))))
                    .extracting(FieldError::field)
                    .containsExactly(
                            "probes[0].httpProbe/inputs.url", "probes[0].httpProbe/inputs.method.get.responseCode");
        }
    }

    @Test
    void runPropertiesMustBePositiveDurationsAndAtLeastOneAttempt() {
        Probe probe = new Probe(
                "p",
                "cmdProbe",
                new CmdProbeInputs("true", new Comparator("int", "==", "0"), null),
                null,
                new RunProperties("-1s", "soon", 0, "-2s", false, "loud"),
                "SOT");

        assertThat(validate(probe))
                .extracting(FieldError::field)
                .containsExactly(
                        "probes[0].runProperties.probeTimeout",
                        "probes[0].runProperties.interval",
                        "probes[0].runProperties.initialDelay",
                        "probes[0].runProperties.attempt",
                        "probes[0].runProperties.verbosity");
    }

    @Test
    void aContainerSourceIsRefusedOnLinuxOnly() {
        Probe probe = new Probe(
                "p",
                "cmdProbe",
                new CmdProbeInputs("true", new Comparator("int", "==", "0"), new CmdProbeSource("busybox", null, null)),
                null,
                RUN,
                "SOT");

        assertThat(ProbeValidator.validate(List.of(probe), Platform.LINUX))
                .extracting(FieldError::field)
                .containsExactly("probes[0].cmdProbe/inputs.source");
        assertThat(ProbeValidator.validate(List.of(probe), Platform.KUBERNETES)).isEmpty();
    }

    private static List<FieldError> validate(Probe probe) {
        return ProbeValidator.validate(List.of(probe), Platform.LINUX);
    }

    private static Probe cmd(String mode, Comparator comparator) {
        return new Probe("p", "cmdProbe", new CmdProbeInputs("echo 0", comparator, null), null, RUN, mode);
    }

    private static Probe http(String url, HttpMethod method) {
        return new Probe("p", "httpProbe", null, new HttpProbeInputs(url, method, 1000, null), RUN, "SOT");
    }
}
