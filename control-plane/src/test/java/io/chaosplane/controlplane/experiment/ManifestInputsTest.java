package io.chaosplane.controlplane.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosplane.controlplane.support.FakeAgent;
import io.chaosplane.controlplane.support.Fixtures;
import io.chaosplane.controlplane.support.IntegrationTest;
import io.chaosplane.testsupport.Api;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * A manifest's fault inputs reach a task only as what their catalogue type says, and a value given twice (the
 * manifest's duration and the fault's own) only once: anything else is 400 at its field, and nothing is created.
 */
@IntegrationTest
class ManifestInputsTest {

    @LocalServerPort
    int port;

    @Autowired
    Fixtures fixtures;

    Api admin;
    FakeAgent agent;

    @BeforeEach
    void setUp() {
        Api server = new Api(port);
        admin = server.withKey(fixtures.newTenant().adminKey());
        agent = FakeAgent.install(server, admin, "inputs_host");
    }

    private Api.Response create(String name, String parameters, String duration) {
        return admin.postRaw(
                "/api/v1/experiments",
                """
                {"apiVersion":"chaos.chaosplane.io/v1alpha1","kind":"ChaosExperiment",
                 "metadata":{"name":"%s","namespace":"default"},
                 "spec":{"target":{"kind":"Linux","infrastructure":"%s"},
                         "action":{"type":"linux-cpu-stress","parameters":%s}%s}}""".formatted(name, agent.infraId(), parameters, duration == null ? "" : ",\"duration\":" + duration),
                "application/json");
    }

    private static List<String> fields(Api.Response response) {
        List<String> fields = new ArrayList<>();
        response.json()
                .get("errors")
                .forEach(error -> fields.add(error.get("field").asString()));
        return fields;
    }

    private boolean exists(String name) {
        return admin.get("/api/v1/experiments/default/" + name).status() == 200;
    }

    @Nested
    class ParameterKinds {

        @ParameterizedTest(name = "Load: {0}")
        @ValueSource(strings = {"[]", "[\"80\"]", "{}", "{\"value\":80}"})
        void aParameterOfTheWrongJsonKindIsRefusedAtItsField(String load) {
            var response = create("wrong-kind", "{\"Load\":" + load + "}", "\"30s\"");

            assertThat(response.status()).as(response.text()).isEqualTo(400);
            assertThat(fields(response)).containsExactly("spec.action.parameters.Load");
            assertThat(response.json().get("errors").get(0).get("message").asString())
                    .startsWith("must be a percentage");
            assertThat(exists("wrong-kind")).isFalse();
            assertThat(agent.poll(0).json().get("taskList")).isEmpty();
        }

        @Test
        void aValueThatDoesNotParseAsItsCatalogueTypeIsRefusedAtItsField() {
            var response = create("not-a-number", "{\"Load\":\"most\",\"Workers\":true}", "\"30s\"");

            assertThat(response.status()).isEqualTo(400);
            assertThat(fields(response))
                    .containsExactlyInAnyOrder("spec.action.parameters.Load", "spec.action.parameters.Workers");
        }

        @Test
        void numbersAndTextsAreTheSameValue() {
            var response = create("numbers", "{\"Load\":80,\"Workers\":\"2\"}", "\"30s\"");

            assertThat(response.status()).as(response.text()).isEqualTo(201);
            JsonNode inputs = agent.poll(0)
                    .json()
                    .get("taskList")
                    .get(0)
                    .get("action")
                    .get("chaos")
                    .get("experimentInputs");
            assertThat(inputs.toString()).contains("{\"name\":\"Load\",\"value\":\"80\"}");
        }
    }

    @Nested
    class OneDuration {

        @Test
        void aDurationThatIsNoDurationIsRefusedEvenWhenTheFaultGivesItsOwn() {
            var response = create("banana", "{\"Load\":\"50\",\"Duration\":\"30s\"}", "\"banana\"");

            assertThat(response.status()).as(response.text()).isEqualTo(400);
            assertThat(fields(response)).containsExactly("spec.duration");
            assertThat(exists("banana")).isFalse();
        }

        @Test
        void twoDifferentDurationsAreRefusedNamingBoth() {
            var response = create("two-durations", "{\"Load\":\"50\",\"Duration\":\"60s\"}", "\"30s\"");

            assertThat(response.status()).isEqualTo(400);
            assertThat(fields(response)).containsExactly("spec.duration", "spec.action.parameters.Duration");
            assertThat(response.json().get("error").asString()).contains("30s").contains("60s");
            assertThat(exists("two-durations")).isFalse();
        }

        @Test
        void theSameDurationWrittenTwoWaysIsOneDuration() {
            var response = create("same-duration", "{\"Load\":\"50\",\"Duration\":\"30\"}", "\"30s\"");

            assertThat(response.status()).as(response.text()).isEqualTo(201);
        }

        @Test
        void anInvalidDurationParameterIsRefusedAtItsOwnField() {
            var response = create("bad-parameter", "{\"Load\":\"50\",\"Duration\":\"soon\"}", "\"30s\"");

            assertThat(response.status()).isEqualTo(400);
            assertThat(fields(response)).containsExactly("spec.action.parameters.Duration");
        }
    }
}
