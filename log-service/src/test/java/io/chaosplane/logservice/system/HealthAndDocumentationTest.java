package io.chaosplane.logservice.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosplane.logservice.support.IntegrationTest;
import io.chaosplane.testsupport.Api;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@IntegrationTest
class HealthAndDocumentationTest {

    @LocalServerPort
    int port;

    @Test
    void livenessAndReadinessAnswerWithoutToken() {
        assertThat(new Api(port).get("/healthz").json().get("status").asString())
                .isEqualTo("ok");
        assertThat(new Api(port).get("/readyz").json().get("status").asString()).isEqualTo("ready");
    }

    @Test
    void theOpenApiDocumentDescribesEveryRouteAtBothPrefixes() {
        JsonNode document = new Api(port).get("/v3/api-docs").json();
        JsonNode paths = document.get("paths");

        for (String base : new String[] {"/log-service", "/gateway/log-service"}) {
            assertThat(paths.has(base)).isTrue();
            assertThat(paths.get(base).has("post")).isTrue();
            assertThat(paths.get(base).has("delete")).isTrue();
            assertThat(paths.get(base + "/stream").has("put")).isTrue();
            assertThat(paths.get(base + "/stream").has("get")).isTrue();
            assertThat(paths.get(base + "/blob").has("post")).isTrue();
            assertThat(paths.get(base + "/tail").has("get")).isTrue();
        }
        JsonNode read = paths.get("/log-service/stream").get("get");
        assertThat(read.get("responses").get("200").get("headers").has("X-Stream-Closed"))
                .isTrue();
        assertThat(document.get("components")
                        .get("securitySchemes")
                        .get("logToken")
                        .get("name")
                        .asString())
                .isEqualTo("X-Harness-Token");
    }

    @Test
    void anUnknownPathIsAProblemNotAStackTrace() {
        var missing = new Api(port).get("/log-service/nothing-here");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().get("code").asInt()).isEqualTo(404);
    }
}
