package io.chaosplane.controlplane.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosplane.controlplane.support.Fixtures;
import io.chaosplane.controlplane.support.IntegrationTest;
import io.chaosplane.controlplane.support.Keys;
import io.chaosplane.testsupport.Api;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** The project a request works in: resolved once from its parameters (or its key), checked against its caller. */
@IntegrationTest
class ProjectScopeTest {

    @LocalServerPort
    int port;

    @Autowired
    Fixtures fixtures;

    Api server;
    Api admin;

    @BeforeEach
    void setUp() {
        server = new Api(port);
        admin = server.withKey(fixtures.newTenant().adminKey());
        assertThat(admin.post("/api/v1/orgs/default/projects", Map.of("identifier", "payments", "name", "Payments"))
                        .status())
                .isEqualTo(201);
        assertThat(admin.post("/api/v1/policies?projectIdentifier=payments", policy("in-payments"))
                        .status())
                .isEqualTo(201);
        assertThat(admin.post("/api/v1/policies", policy("in-default")).status())
                .isEqualTo(201);
    }

    private static Map<String, Object> policy(String name) {
        return Map.of("name", name, "rules", List.of(Map.of("name", "short", "type", "maxDuration", "max", "5m")));
    }

    private static List<String> names(Api.Response list) {
        List<String> names = new ArrayList<>();
        list.json().get("items").forEach(item -> names.add(item.get("name").asString()));
        return names;
    }

    @Nested
    class Resolution {

        @Test
        void aRequestNamingNoProjectWorksInTheDefaultProject() {
            assertThat(names(admin.get("/api/v1/policies"))).containsExactly("in-default");
            assertThat(names(admin.get("/api/v1/policies?organizationIdentifier=default&projectIdentifier=payments")))
                    .containsExactly("in-payments");
        }

        @Test
        void aKeyLimitedToAProjectWorksThereWhenTheRequestNamesNone() {
            Api paymentsViewer = server.withKey(Keys.issue(admin, "viewer", "default", "payments"));
            assertThat(names(paymentsViewer.get("/api/v1/policies"))).containsExactly("in-payments");
        }

        @Test
        void aProjectTheCallerCannotSeeIsNotFound() {
            Api paymentsViewer = server.withKey(Keys.issue(admin, "viewer", "default", "payments"));
            var response = paymentsViewer.get("/api/v1/policies?projectIdentifier=default_project");
            assertThat(response.status()).isEqualTo(404);
            assertThat(response.json().get("error").asString()).isEqualTo("project default/default_project not found");
            assertThat(paymentsViewer
                            .get("/api/v1/orgs/default/projects/default_project/environments")
                            .status())
                    .isEqualTo(404);
        }

        @Test
        void aVisibleProjectWithTooWeakARoleIsForbidden() {
            Api paymentsViewer = server.withKey(Keys.issue(admin, "viewer", "default", "payments"));
            assertThat(paymentsViewer
                            .post("/api/v1/policies", policy("not-mine"))
                            .status())
                    .isEqualTo(403);
        }
    }

    @Nested
    class OpenApiDocument {

        @Test
        void showsTheProjectParametersInTheQueryOfEveryEndpointThatTakesThem() {
            JsonNode paths = admin.get("/v3/api-docs").json().get("paths");
            for (String[] operation : new String[][] {
                {"/api/v1/experiments", "get"},
                {"/api/v1/experiments", "post"},
                {"/api/v1/experiments/{namespace}/{name}/run", "post"},
                {"/api/v1/workflows/{namespace}/{name}", "delete"},
                {"/api/v1/policies/{name}", "put"},
                {"/api/v1/infrastructures", "get"}
            }) {
                JsonNode parameters = paths.get(operation[0]).get(operation[1]).get("parameters");
                assertThat(in(parameters, "organizationIdentifier"))
                        .as("%s %s", operation[1], operation[0])
                        .isEqualTo("query");
                assertThat(in(parameters, "projectIdentifier"))
                        .as("%s %s", operation[1], operation[0])
                        .isEqualTo("query");
                assertThat(in(parameters, "scope")).isNull();
            }
        }

        @Test
        void showsThemInThePathWhereThePathNamesThem() {
            JsonNode parameters = admin.get("/v3/api-docs")
                    .json()
                    .get("paths")
                    .get("/api/v1/orgs/{organizationIdentifier}/projects/{projectIdentifier}/environments")
                    .get("get")
                    .get("parameters");
            assertThat(in(parameters, "organizationIdentifier")).isEqualTo("path");
            assertThat(in(parameters, "projectIdentifier")).isEqualTo("path");
        }

        private static String in(JsonNode parameters, String name) {
            for (JsonNode parameter : parameters) {
                if (parameter.get("name").asString().equals(name)) {
                    return parameter.get("in").asString();
                }
            }
            return null;
        }
    }
}
