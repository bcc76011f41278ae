package io.chaosplane.controlplane.system;

import static io.chaosplane.controlplane.system.ErrorBodyTest.assertProblem;
import static io.chaosplane.controlplane.system.ErrorBodyTest.fieldOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.chaosplane.controlplane.support.FakeAgent;
import io.chaosplane.controlplane.support.Fixtures;
import io.chaosplane.controlplane.support.IntegrationTest;
import io.chaosplane.testsupport.Api;
import io.chaosplane.testsupport.fuzz.RawHttp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The classes of bad input a hostile client tries, each answered at the door with the product's problem body and
 * nothing stored: bodies of a type no endpoint takes, text PostgreSQL cannot store, and paths or queries the servlet
 * container refuses before any controller sees them.
 */
@IntegrationTest
class BadInputTest {

    @LocalServerPort
    int port;

    @Autowired
    Fixtures fixtures;

    Fixtures.Tenant tenant;
    Api admin;

    @BeforeEach
    void setUp() {
        tenant = fixtures.newTenant();
        admin = new Api(port).withKey(tenant.adminKey());
    }

    private RawHttp.Response raw(String method, String target, Map<String, String> headers, byte[] body) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put("Authorization", "Bearer " + tenant.adminKey());
        try {
            return new RawHttp(port, Duration.ofSeconds(30)).send(method, target, all, body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void assertRawProblem(RawHttp.Response response, int status) {
        assertThat(response.status()).as(response.text()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        JsonNode body = JsonMapper.builder().build().readTree(response.text());
        assertThat(body.get("code").asInt()).isEqualTo(status);
        assertThat(body.get("error").asString()).isNotBlank();
        assertThat(response.text()).doesNotContain("<html").doesNotContain("Exception");
    }

    private boolean orgExists(String identifier) {
        return admin.get("/api/v1/orgs/" + identifier).status() == 200;
    }

    @Nested
    class UnexpectedContentTypes {

        @ParameterizedTest(name = "{0}")
        @ValueSource(
                strings = {
                    "multipart/form-data",
                    "multipart/form-data; boundary=----x",
                    "text/plain",
                    "application/x-www-form-urlencoded",
                    "application/json; charset=ISO-8859-1",
                    "application/json; charset=bogus",
                    "*/*"
                })
        void aJsonEndpointRefusesTheBodyWith415AndStoresNothing(String contentType) {
            var response = raw(
                    "POST",
                    "/api/v1/orgs",
                    Map.of("Content-Type", contentType),
                    "{\"identifier\":\"typed\",\"name\":\"Typed\"}".getBytes(StandardCharsets.UTF_8));

            assertRawProblem(response, 415);
            assertThat(orgExists("typed")).isFalse();
        }

        @Test
        void anEmptyContentTypeIs415() {
            var response =
                    raw("POST", "/api/v1/orgs", Map.of("Content-Type", ""), "{\"identifier\":\"untyped\"}".getBytes());

            assertRawProblem(response, 415);
        }

        @Test
        void aFormOnAPutIsRefusedBeforeSpringParsesIt() {
            var response = raw(
                    "PUT",
                    "/api/v1/orgs/default",
                    Map.of("Content-Type", "application/x-www-form-urlencoded"),
                    "name=x&bad=%zz".getBytes());

            assertRawProblem(response, 415);
        }

        @Test
        void anAgentRouteAnswersTheSame() {
            var response = new Api(port).postRaw("/chaos/lserver/api/infra/confirm", "{}", "multipart/form-data");

            assertProblem(response, 415);
        }
    }

    @Nested
    class TextPostgresqlCannotStore {

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"c0af", "e080af", "eda080", "f4908080", "ff"})
        void bytesThatAreNotUtf8AreA400NamingTheMemberAndNoKeyIsIssued(String hex) {
            byte[] body = concat("{\"name\":\"grafana", HexFormat.of().parseHex(hex), "-reader\",\"role\":\"viewer\"}");
            int keysBefore = admin.get("/api/v1/apikeys").json().get("total").asInt();

            var response = raw("POST", "/api/v1/apikeys", Map.of("Content-Type", "application/json"), body);

            assertRawProblem(response, 400);
            JsonNode problem = JsonMapper.builder().build().readTree(response.text());
            assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("name");
            assertThat(problem.get("errors").get(0).get("message").asString()).startsWith("is not valid UTF-8");
            assertThat(admin.get("/api/v1/apikeys").json().get("total").asInt()).isEqualTo(keysBefore);
        }

        @Test
        void aNulInAStoredStringIsA400NamingTheMember() {
            var response = admin.postRaw(
                    "/api/v1/orgs", "{\"identifier\":\"nul_org\",\"name\":\"a\\u0000b\"}", "application/json");

            assertProblem(response, 400);
            assertThat(fieldOf(response)).isEqualTo("name");
            assertThat(orgExists("nul_org")).isFalse();
        }

        @Test
        void aNulInAYamlManifestIsNamedTooForYamlIsReadTheSameWay() {
            var response = admin.postRaw("/api/v1/policies", """
                    name: nul-policy
                    description: "before\\0after"
                    rules: [{type: maxDuration, max: 60s}]
                    """, "application/yaml");

            assertProblem(response, 400);
            assertThat(fieldOf(response)).isEqualTo("description");
            assertThat(admin.get("/api/v1/policies/nul-policy").status()).isEqualTo(404);
        }

        @Test
        void aNulInAnAgentsStreamIdIsA400NotAFailureOfTheDatabase() {
            FakeAgent agent = FakeAgent.install(new Api(port), admin, "nul_host");

            var response = agent.logs("a\\u0000b", tenant.accountId(), "[]");

            assertProblem(response, 400);
            assertThat(fieldOf(response)).isEqualTo("streamID");
        }

        @Test
        void aNulOrUndecodableQueryParameterIsA400NamingIt() {
            var nul = raw("GET", "/api/v1/events?namespace=a%00b", Map.of(), new byte[0]);
            assertRawProblem(nul, 400);
            assertThat(nul.text()).contains("\"field\":\"namespace\"");

            assertRawProblem(raw("GET", "/api/v1/events?namespace=%C0%AF", Map.of(), new byte[0]), 400);
            assertRawProblem(raw("GET", "/api/v1/orgs?limit=%zz", Map.of(), new byte[0]), 400);
        }

        private static byte[] concat(String before, byte[] bytes, String after) {
            byte[] head = before.getBytes(StandardCharsets.UTF_8);
            byte[] tail = after.getBytes(StandardCharsets.UTF_8);
            byte[] all = new byte[head.length + bytes.length + tail.length];
            System.arraycopy(head, 0, all, 0, head.length);
            System.arraycopy(bytes, 0, all, head.length, bytes.length);
            System.arraycopy(tail, 0, all, head.length + bytes.length, tail.length);
            return all;
        }
    }

    /** Refused by Tomcat before any filter runs, and still answered with the problem body, never its HTML page. */
    @Nested
    class MalformedPaths {

        @ParameterizedTest(name = "{0}")
        @ValueSource(
                strings = {
                    "/api/v1/orgs/a%2Fb",
                    "/api/v1/orgs/%00",
                    "/api/v1/orgs/%zz",
                    "/api/v1/orgs/%C0%AF",
                    "/api/v1/orgs/a%5Cb",
                    "/api/v1/orgs/..%2F..%2Fhealthz",
                    "/chaos/lserver/api/infra/task/status/%00",
                    "/api/v1/orgs/a|b"
                })
        void aPathTheContainerRefusesIsA400Problem(String path) {
            assertRawProblem(raw("GET", path, Map.of("Accept", "text/html"), new byte[0]), 400);
        }

        @Test
        void aRequestLineThatIsNoUrlIsA400ProblemToo() {
            assertRawProblem(raw("GET", "/api/v1/orgs/a b", Map.of(), new byte[0]), 400);
        }
    }
}
