package io.chaosplane.controlplane.stopcondition;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosplane.controlplane.support.FakeAgent;
import io.chaosplane.controlplane.support.Fixtures;
import io.chaosplane.controlplane.support.IntegrationTest;
import io.chaosplane.testsupport.Api;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** A manifest's stop conditions are checked with the rest of it: each problem at its field, and nothing created. */
@IntegrationTest
class StopConditionValidationTest {

    static final String HTTP = """
            {"name":"up","type":"http","interval":"5s",
             "http":{"url":"http://127.0.0.1:9/health","method":{"get":{"criteria":"==","responseCode":"200"}}}}""";
    static final String PROMETHEUS = """
            {"name":"errors","type":"prometheus","interval":"10s","tolerance":2,"onError":"ignore",
             "prometheus":{"endpoint":"http://127.0.0.1:9","query":"up","comparator":"<","threshold":1}}""";

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
        agent = FakeAgent.install(server, admin, "validated_host");
    }

    private Api.Response create(String name, String stopConditions) {
        return admin.postRaw(
                "/api/v1/experiments",
                StopConditionsTest.experiment(name, agent.infraId(), stopConditions),
                "application/json");
    }

    /** The messages of the answer's field problems, by field. */
    private static Map<String, String> problems(Api.Response response) {
        Map<String, String> problems = new LinkedHashMap<>();
        response.json()
                .get("errors")
                .forEach(error -> problems.put(
                        error.get("field").asString(), error.get("message").asString()));
        return problems;
    }

    @Test
    void validConditionsAreKeptWithTheExperimentAndAttachedToItsRun() {
        Api.Response created = create("guarded", "[" + HTTP + "," + PROMETHEUS + "]");

        assertThat(created.status()).as(created.text()).isEqualTo(201);
        JsonNode stored = admin.get("/api/v1/experiments/default/guarded").json();
        assertThat(stored.toString()).contains("\"stopConditions\"").contains("\"comparator\":\"<\"");
        String runId = created.json().get("status").get("runId").asString();
        java.util.List<String> names = new java.util.ArrayList<>();
        fixtures.asOwner(connection -> {
            try (var statement = connection.prepareStatement(
                    "SELECT name FROM run_stop_conditions WHERE run_id = ?::uuid ORDER BY position")) {
                statement.setString(1, runId);
                try (var rows = statement.executeQuery()) {
                    while (rows.next()) {
                        names.add(rows.getString(1));
                    }
                }
            }
        });
        assertThat(names).containsExactly("up", "errors");

        // a run started again takes the experiment's conditions again
        admin.post("/api/v1/runs/" + runId + "/abort", null);
        agent.poll(0);
        Api.Response again = admin.post("/api/v1/experiments/default/guarded/run", null);
        assertThat(again.status()).as(again.text()).isIn(200, 201, 202);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            a URL that is not one      | "url":"http://127.0.0.1:9/health"   | "url":"ftp://127.0.0.1/x"     | spec.stopConditions[0].http.url      | is not an absolute http or https URL
            a link-local address       | "url":"http://127.0.0.1:9/health"   | "url":"http://169.254.169.254/latest" | spec.stopConditions[0].http.url | must not name a link-local address
            an interval too short      | "interval":"5s"                     | "interval":"500ms"          | spec.stopConditions[0].interval      | must be between 1s and 1h
            an interval too long       | "interval":"5s"                     | "interval":"2h"             | spec.stopConditions[0].interval      | must be between 1s and 1h
            an interval not a duration | "interval":"5s"                     | "interval":"soon"           | spec.stopConditions[0].interval      | soon
            a negative tolerance       | "interval":"5s"                     | "interval":"5s","tolerance":-1 | spec.stopConditions[0].tolerance  | must be between 0 and 100
            an unknown onError         | "interval":"5s"                     | "interval":"5s","onError":"maybe" | spec.stopConditions[0].onError | is not one of [breach, ignore]
            an unknown type            | "type":"http"                       | "type":"ping"               | spec.stopConditions[0].type          | is not one of [http, prometheus, command]
            a bad criterion            | "criteria":"=="                     | "criteria":"~"              | spec.stopConditions[0].http.method.get.criteria | is not one of
            a timeout too long         | "responseCode":"200"}}              | "responseCode":"200"}},"responseTimeout":60000 | spec.stopConditions[0].http.responseTimeout | must be between 1 and 20000
            a missing name             | "name":"up",                        | '' | spec.stopConditions[0].name          | is required
            """)
    void aBadHttpConditionIsRefusedAtItsField(String what, String replaced, String by, String field, String message) {
        Api.Response refused = create("bad-http", "[" + HTTP.replace(replaced, by) + "]");

        assertThat(refused.status()).as(refused.text()).isEqualTo(400);
        assertThat(problems(refused)).containsOnlyKeys(field);
        assertThat(problems(refused).get(field)).contains(message);
        assertThat(admin.get("/api/v1/experiments/default/bad-http").status()).isEqualTo(404);
        assertThat(agent.poll(0).json().get("taskList")).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            a comparator it lacks  | "comparator":"<"                  | "comparator":"=~"               | spec.stopConditions[0].prometheus.comparator | is not one of [>, <, ==, >=, <=, !=]
            no threshold           | ,"threshold":1                    | '' | spec.stopConditions[0].prometheus.threshold  | is required
            no query               | "query":"up",                     | '' | spec.stopConditions[0].prometheus.query      | is required
            an endpoint with query | "endpoint":"http://127.0.0.1:9"   | "endpoint":"http://127.0.0.1:9/?x=1" | spec.stopConditions[0].prometheus.endpoint | without a query
            an endpoint not a URL  | "endpoint":"http://127.0.0.1:9"   | "endpoint":"prometheus"         | spec.stopConditions[0].prometheus.endpoint   | is not an absolute http or https URL
            an http member instead| "type":"prometheus"               | "type":"prometheus","http":{}   | spec.stopConditions[0].http                  | is only for type http
            """)
    void aBadPrometheusConditionIsRefusedAtItsField(
            String what, String replaced, String by, String field, String message) {
        Api.Response refused = create("bad-prometheus", "[" + PROMETHEUS.replace(replaced, by) + "]");

        assertThat(refused.status()).as(refused.text()).isEqualTo(400);
        assertThat(problems(refused)).containsKey(field);
        assertThat(problems(refused).get(field)).contains(message);
        assertThat(admin.get("/api/v1/experiments/default/bad-prometheus").status())
                .isEqualTo(404);
    }

    @Test
    void aCommandConditionIsCheckedAsACmdProbeOnALinuxHost() {
        String command = """
                {"name":"disk","type":"command","interval":"5s",
                 "command":{"command":"df --output=pcent / | tail -1","comparator":{"type":"int","criteria":"<","value":"90"}}}""";
        assertThat(create("command-ok", "[" + command + "]").status()).isEqualTo(201);

        Api.Response noMember = create("command-none", "[{\"name\":\"disk\",\"type\":\"command\"}]");
        assertThat(noMember.status()).isEqualTo(400);
        assertThat(problems(noMember)).containsEntry("spec.stopConditions[0].command", "is required for type command");

        Api.Response badCriterion = create("command-bad", "[" + command.replace("\"<\"", "\"~\"") + "]");
        assertThat(badCriterion.status()).isEqualTo(400);
        assertThat(problems(badCriterion)).containsOnlyKeys("spec.stopConditions[0].command.comparator.criteria");

        Api.Response inContainer = create(
                "command-container",
                "[" + command.replace("\"comparator\"", "\"source\":{\"image\":\"busybox\"},\"comparator\"") + "]");
        assertThat(inContainer.status()).isEqualTo(400);
        assertThat(problems(inContainer).keySet())
                .allMatch(field -> field.startsWith("spec.stopConditions[0].command"));
    }

    @Test
    void namesAreUniqueAndTheListIsBounded() {
        Api.Response twice = create("twice", "[" + HTTP + "," + HTTP + "]");
        assertThat(twice.status()).isEqualTo(400);
        assertThat(problems(twice))
                .containsEntry("spec.stopConditions[1].name", "'up' is used by another stop condition");

        String eleven = String.join(",", java.util.Collections.nCopies(11, HTTP));
        Api.Response many = create("many", "[" + eleven + "]");
        assertThat(many.status()).isEqualTo(400);
        assertThat(problems(many)).containsOnlyKeys("spec.stopConditions");
    }

    @Test
    void aMemberOfTheWrongJsonKindIsA400NotA500() {
        Api.Response refused =
                create("wrong-kind", "[{\"name\":\"x\",\"type\":\"prometheus\",\"prometheus\":{\"threshold\":[1]}}]");
        assertThat(refused.status()).as(refused.text()).isEqualTo(400);
        Api.Response notAList = create("not-a-list", "{\"name\":\"x\"}");
        assertThat(notAList.status()).as(notAList.text()).isEqualTo(400);
    }

    @Test
    void theOpenApiDocumentDescribesStopConditions() {
        JsonNode schemas = admin.get("/v3/api-docs").json().get("components").get("schemas");
        assertThat(schemas.get("Spec").get("properties").has("stopConditions")).isTrue();
        JsonNode condition = schemas.get("StopCondition").get("properties");
        assertThat(condition.get("type").get("enum").toString())
                .contains("http")
                .contains("prometheus");
        assertThat(condition.get("onError").get("enum").toString())
                .contains("breach")
                .contains("ignore");
        assertThat(schemas.get("Prometheus")
                        .get("properties")
                        .get("comparator")
                        .get("enum")
                        .toString())
                .contains(">=");
    }
}
