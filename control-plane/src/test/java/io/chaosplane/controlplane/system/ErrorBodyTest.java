package io.chaosplane.controlplane.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosplane.controlplane.support.Fixtures;
import io.chaosplane.controlplane.support.IntegrationTest;
import io.chaosplane.testsupport.Api;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** One error body for the whole product: RFC 9457 with seed 000's error and code, the field at fault named. */
@IntegrationTest
class ErrorBodyTest {

    @LocalServerPort
    int port;

    @Autowired
    Fixtures fixtures;

    Api admin;

    @BeforeEach
    void setUp() {
        admin = new Api(port).withKey(fixtures.newTenant().adminKey());
    }

    static void assertProblem(Api.Response response, int status) {
        assertThat(response.status()).as(response.text()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        JsonNode body = response.json();
        assertThat(body.get("status").asInt()).isEqualTo(status);
        assertThat(body.get("code").asInt()).isEqualTo(status);
        assertThat(body.get("error").asString()).isNotBlank();
        assertThat(body.get("title").asString()).isNotBlank();
        assertThat(response.text()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    static String fieldOf(Api.Response response) {
        return response.json().get("errors").get(0).get("field").asString();
    }

    @Nested
    class BadInput {

        @Test
        void malformedJsonIsA400OnTheBody() {
            var response = admin.postRaw("/api/v1/orgs", "{\"identifier\": ", "application/json");
            assertProblem(response, 400);
            assertThat(fieldOf(response)).isEqualTo("body");
        }

        @Test
        void aWrongTypeNamesTheField() {
            var response = admin.postRaw(
                    "/api/v1/orgs/default/projects/default_project/environments",
                    "{\"identifier\":\"dev\",\"name\":\"Dev\",\"type\":[1,2]}",
                    "application/json");
            assertProblem(response, 400);
            assertThat(fieldOf(response)).isEqualTo("type");
        }

        @Test
        void anUnknownEnumValueNamesTheFieldAndTheAllowedValues() {
            var response = admin.postRaw(
                    "/api/v1/orgs/default/projects/default_project/environments",
                    "{\"identifier\":\"dev\",\"name\":\"Dev\",\"type\":\"Staging\"}",
                    "application/json");
            assertProblem(response, 400);
            assertThat(fieldOf(response)).isEqualTo("type");
            assertThat(response.json().get("error").asString())
                    .contains("Production")
                    .contains("PreProduction");
        }

        @Test
        void aMissingFieldIsNamed() {
            var response = admin.post("/api/v1/orgs", java.util.Map.of("name", "No identifier"));
            assertProblem(response, 400);
            assertThat(fieldOf(response)).isEqualTo("identifier");
        }

        @Test
        void anInvalidIdentifierSaysWhatIsAllowed() {
            var response = admin.post("/api/v1/orgs", java.util.Map.of("identifier", "9-bad id", "name", "Bad"));
            assertProblem(response, 400);
            assertThat(fieldOf(response)).isEqualTo("identifier");
            assertThat(response.json().get("errors").get(0).get("message").asString())
                    .contains("letter");
        }

        @Test
        void anOversizedBodyIsA413() {
            String huge = "{\"identifier\":\"big\",\"name\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}";
            assertProblem(admin.postRaw("/api/v1/orgs", huge, "application/json"), 413);
        }

        @Test
        void aBadPathParameterTypeNamesTheParameter() {
            var response = admin.get("/api/v1/apikeys/not-a-uuid");
            assertProblem(response, 400);
            assertThat(fieldOf(response)).isEqualTo("id");
        }
    }

    @Nested
    class Paging {

        @Test
        void limitAbove100IsRefused() {
            var response = admin.get("/api/v1/orgs?limit=101");
            assertProblem(response, 400);
            assertThat(fieldOf(response)).isEqualTo("limit");
        }

        @Test
        void pageSizeAbove100IsRefused() {
            var response = admin.get("/api/v1/orgs?pageSize=500");
            assertProblem(response, 400);
            assertThat(fieldOf(response)).isEqualTo("pageSize");
        }

        @Test
        void aNonNumericOffsetIsRefused() {
            var response = admin.get("/api/v1/orgs?offset=abc");
            assertProblem(response, 400);
            assertThat(fieldOf(response)).isEqualTo("offset");
        }

        @Test
        void listsAnswerTheEnvelopeOfBothSeeds() {
            for (int i = 0; i < 3; i++) {
                admin.post("/api/v1/orgs", java.util.Map.of("identifier", "org_" + i, "name", "Org " + i));
            }
            JsonNode body = admin.get("/api/v1/orgs?page=2&pageSize=2").json();
            assertThat(body.get("apiVersion").asString()).isEqualTo("v1");
            assertThat(body.get("kind").asString()).isEqualTo("OrganizationList");
            assertThat(body.get("metadata").get("totalCount").asInt()).isEqualTo(4); // default + 3
            assertThat(body.get("metadata").get("page").asInt()).isEqualTo(2);
            assertThat(body.get("metadata").get("pageSize").asInt()).isEqualTo(2);
            assertThat(body.get("items")).hasSize(2);
            assertThat(body.get("total").asInt()).isEqualTo(4);
            assertThat(body.get("limit").asInt()).isEqualTo(2);
            assertThat(body.get("offset").asInt()).isEqualTo(2);

            JsonNode byOffset = admin.get("/api/v1/orgs?limit=3&offset=1").json();
            assertThat(byOffset.get("items")).hasSize(3);
            assertThat(byOffset.get("items").get(0).get("identifier").asString())
                    .isEqualTo("org_0");
        }
    }

    @Test
    void anUnknownPathIsA404Problem() {
        assertProblem(admin.get("/api/v1/no-such-thing"), 404);
    }

    @Test
    void aRequestWithoutCredentialsIsA401Problem() {
        assertProblem(new Api(port).get("/api/v1/orgs"), 401);
    }
}
