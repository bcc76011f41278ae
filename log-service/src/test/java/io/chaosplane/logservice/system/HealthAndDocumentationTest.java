package io.chaosplane.logservice.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosplane.logservice.LogServiceApplication;
import io.chaosplane.logservice.support.IntegrationTest;
import io.chaosplane.logservice.support.Lines;
import io.chaosplane.logservice.support.Tokens;
import io.chaosplane.service.token.LogStreamTokens;
import io.chaosplane.testsupport.Api;
import io.chaosplane.testsupport.spring.TestDatabaseInitializer;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

@IntegrationTest
class HealthAndDocumentationTest {

    @LocalServerPort
    int port;

    @Autowired
    Tokens tokens;

    private Api withToken() {
        return new Api(port).withHeader(LogStreamTokens.HEADER, tokens.read(Lines.newAccount(), Lines.newRun()));
    }

    @Test
    void livenessAndReadinessAnswerWithoutToken() {
        assertThat(new Api(port).get("/healthz").json().get("status").asString())
                .isEqualTo("ok");
        assertThat(new Api(port).get("/readyz").json().get("status").asString()).isEqualTo("ready");
    }

    @Test
    void theOpenApiDocumentDescribesEveryRouteAtBothPrefixes() {
        JsonNode document = withToken().get("/v3/api-docs").json();
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
    void theApiDocumentAndSwaggerUiNeedALogToken() {
        Api anonymous = new Api(port);
        for (String path : new String[] {"/v3/api-docs", "/v3/api-docs.yaml", "/swagger-ui/index.html"}) {
            var refused = anonymous.get(path);
            assertThat(refused.status()).as(path).isEqualTo(401);
            assertThat(refused.json().get("error").asString()).as(path).contains(LogStreamTokens.HEADER);
            assertThat(anonymous
                            .get(path, LogStreamTokens.HEADER, "v1.forged.token")
                            .status())
                    .as(path)
                    .isEqualTo(401);
            assertThat(withToken().get(path).status()).as(path).isEqualTo(200);
        }
    }

    @Test
    void configuredOpenTheApiDocumentNeedsNoToken() {
        Map<String, Object> properties = new HashMap<>(TestDatabaseInitializer.properties());
        properties.put("server.port", "0");
        properties.put("chaosplane.log-tokens.secret", IntegrationTest.SECRET);
        properties.put("chaosplane.security.open-api-docs", "true");
        properties.put("chaosplane.log-service.maintenance-interval", "1h");
        properties.put("spring.datasource.hikari.maximum-pool-size", "3");
        properties.put("logging.structured.format.console", "");
        properties.put("spring.main.banner-mode", "off");
        try (ConfigurableApplicationContext open = new SpringApplicationBuilder(LogServiceApplication.class)
                .run(properties.entrySet().stream()
                        .map(p -> "--" + p.getKey() + "=" + p.getValue())
                        .toArray(String[]::new))) {
            Api anonymous = new Api(Integer.parseInt(open.getEnvironment().getProperty("local.server.port")));
            assertThat(anonymous.get("/v3/api-docs").status()).isEqualTo(200);
            assertThat(anonymous.get("/swagger-ui/index.html").status()).isEqualTo(200);
        }
    }

    @Test
    void anUnknownPathIsAProblemNotAStackTrace() {
        var missing = new Api(port).get("/log-service/nothing-here");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().get("code").asInt()).isEqualTo(404);
    }
}
